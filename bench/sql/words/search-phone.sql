-- ContactRepository.searchSql for a q without letters (phone digits): a substring match on the trigram index,
-- newest first.
begin;
select set_config('pg_trgm.similarity_threshold', '0.3', true), set_config('jit', 'off', true),
    set_config('max_parallel_workers_per_gather', '0', true);
select * from (select c.*, cast(1 as real) as rank from contact c
    where deleted_at is null and @SCOPE@ and c.search_text like '@PATTERN@') c
where true
order by rank desc, id desc
limit 51;
commit;
