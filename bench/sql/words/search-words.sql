-- ContactRepository.searchSql with two words in q ("mary smith"): the contacts of the term whose closest dictionary
-- words have the fewest contacts, each checked for the other terms through its own words, ranked by the sum of the
-- best score per term.
begin;
select set_config('pg_trgm.similarity_threshold', '0.3', true), set_config('jit', 'off', true),
    set_config('max_parallel_workers_per_gather', '0', true);
with word as (
    select t.i, m.word, m.score
    from unnest(cast('{@TERMS@}' as text[])) with ordinality t(term, i)
    cross join lateral (
        select s.word, cast(case when s.word = t.term then 2
            when s.word like t.term || '%' then 1 + cast(length(t.term) as real) / length(s.word)
            else similarity(s.word, t.term) end as real) as score
        from search_word s
        where s.word = t.term or s.word like t.term || '%' or s.word % t.term
        order by score desc, s.word
        limit 64
    ) m
),
-- The driving term: the one whose words have the fewest contacts (counted up to 20,000 each).
term_size as (
    select t.i, (select count(*) from (select 1 from word w join contact_search_word p on p.word = w.word
        where w.i = t.i limit 20000) x) as n
    from (select distinct i from word) t
),
candidate as (
    select distinct p.contact_id from word w join contact_search_word p on p.word = w.word
    where w.i = (select i from term_size order by n, i limit 1) and @POSTING_SCOPE@ and @COMPANY_CHECK@
),
hit as (
    select d.contact_id as id, s.rank from candidate d cross join lateral (
        select cast(sum(best) as real) as rank, count(*) as terms from (
            select w.i, max(w.score) as best
            from contact_search_word p join word w on w.word = p.word
            where p.contact_id = d.contact_id and @COMPANY_CHECK@
            group by w.i) b
    ) s
    where s.terms = 2
)
select c.*, hit.rank from hit join contact c on c.id = hit.id
where c.id = any(array(select id from hit)) and deleted_at is null and @SCOPE@ and true
order by hit.rank desc, c.id desc
limit 51;
commit;
