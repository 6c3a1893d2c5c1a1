-- ContactRepository.search as on main (before issue 15): one query, the company-name match OR-ed in.
begin;
select set_config('pg_trgm.word_similarity_threshold', '0.45', true);
select * from (
    select c.*, greatest(
        word_similarity('@Q@', c.search_text) + strict_word_similarity('@Q@', c.search_text),
        coalesce((select word_similarity('@Q@', lower(co.name)) + strict_word_similarity('@Q@', lower(co.name))
            from company co where co.id = c.company_id and @COMPANY_SCOPE@), 0)
    )::real as rank
    from contact c
    where c.deleted_at is null and @SCOPE@ and (c.search_text like '@PATTERN@' or '@Q@' <% c.search_text
        or c.company_id in (select co.id from company co where co.deleted_at is null and @COMPANY_SCOPE@
            and (lower(co.name) like '@PATTERN@' or '@Q@' <% lower(co.name))))
) ranked
where true
order by rank desc, id desc
limit 51;
commit;
