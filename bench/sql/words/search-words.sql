-- ContactRepository.searchSql with two words in q ("mary smith"): the postings of each word's closest dictionary
-- words, intersected (index-only), ranked by the sum of the best score per word.
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
candidate as (
    select p.contact_id, w.i, max(w.score) as score
    from word w join contact_search_word p on p.word = w.word
    where @POSTING_SCOPE@ and @COMPANY_CHECK@
    group by p.contact_id, w.i
),
hit as (
    select contact_id as id, cast(sum(score) as real) as rank from candidate
    group by contact_id having count(*) = 2
)
select c.*, hit.rank from hit join contact c on c.id = hit.id
where deleted_at is null and @SCOPE@ and true
order by hit.rank desc, c.id desc
limit 51;
commit;
