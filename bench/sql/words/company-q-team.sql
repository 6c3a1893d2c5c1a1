-- CompanyRepository.list with q and a team scope, sorted by name, first page: the OR of name and domain conditions,
-- the scope's index driving (the companies of 5 owners are fewer than the matches of a common word).
begin;
select set_config('plan_cache_mode', 'force_custom_plan', true), set_config('jit', 'off', true);
select *, lower(name)::text as sort_key from company
where deleted_at is null and @COMPANY_SCOPE_BARE@
    and (lower(name) like '@PATTERN@' or domain like '@PATTERN@' or '@Q@' <% lower(name)) and true
order by lower(name) asc, id asc limit 51;
commit;
