-- ContactRepository.searchSql after issue 15: contact-text matches and company-name matches each drive through their
-- own index (trigram, or the filters' and the access scope's), combined by id, and only those candidates are ranked;
-- run with ContactRepository.SEARCH_SETTINGS (no JIT, no parallel workers). With a team scope the contact text is
-- (search_text || ''), so the scope's index drives.
begin;
select set_config('pg_trgm.word_similarity_threshold', '0.45', true), set_config('jit', 'off', true),
    set_config('max_parallel_workers_per_gather', '0', true);
with candidate as (
    select id from contact
    where deleted_at is null and @SCOPE@ and (@TEXT@ like '@PATTERN@' or '@Q@' <% @TEXT@)
    union
    select id from contact
    where deleted_at is null and @SCOPE@ and company_id in (select co.id from company co
        where co.deleted_at is null and @COMPANY_SCOPE@
        and (lower(co.name) like '@PATTERN@' or '@Q@' <% lower(co.name)))
)
select * from (
    select c.*, greatest(
        word_similarity('@Q@', c.search_text) + strict_word_similarity('@Q@', c.search_text),
        coalesce((select word_similarity('@Q@', lower(co.name)) + strict_word_similarity('@Q@', lower(co.name))
            from company co where co.id = c.company_id and @COMPANY_SCOPE@), 0)
    )::real as rank
    from contact c
    where c.id = any(array(select id from candidate))
) ranked
where true
order by rank desc, id desc
limit 51;
commit;
