-- ContactRepository.searchSql with one word in q (issue 15, search by words): the dictionary gives the closest words,
-- each word its newest contacts from contact_search_word's (word, id) index, a page at most; run with
-- ContactRepository.SEARCH_SETTINGS. @POSTING_SCOPE@ is the access scope over p.owner, @COMPANY_CHECK@ the company
-- visibility of words only in the company's name (true for scope all).
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
hit as (
    select h.contact_id as id, max(w.score) as rank
    from word w cross join lateral (
        select p.contact_id from contact_search_word p
        where p.word = w.word and @POSTING_SCOPE@ and @COMPANY_CHECK@ and true
        order by p.contact_id desc
        limit 51
    ) h
    where true
    group by h.contact_id
)
select c.*, r.rank from (select hit.id, cast(hit.rank as real) as rank from hit) r
join contact c on c.id = r.id
where c.deleted_at is null and true
order by r.rank desc, c.id desc
limit 51;
commit;
