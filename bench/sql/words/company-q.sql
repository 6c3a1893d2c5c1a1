-- CompanyRepository.list with q, sorted by name, first page: the companies whose name (substring or trigram word
-- similarity) or domain (substring) matches, each through its own trigram index, then sorted.
begin;
select set_config('plan_cache_mode', 'force_custom_plan', true), set_config('jit', 'off', true);
select *, lower(name)::text as sort_key from company
where deleted_at is null and @COMPANY_SCOPE_BARE@
    and id = any(array(
        select id from company where deleted_at is null and (lower(name) like '@PATTERN@' or '@Q@' <% lower(name))
        union
        select id from company where deleted_at is null and domain like '@PATTERN@'))
    and true
order by lower(name) asc, id asc limit 51;
commit;
