-- CompanyRepository.list with q, sorted by name, first page, as main has it: one OR of name and domain conditions.
select *, lower(name)::text as sort_key from company
where deleted_at is null and @COMPANY_SCOPE_BARE@
    and (lower(name) like '@PATTERN@' or domain like '@PATTERN@' or '@Q@' <% lower(name)) and true
order by lower(name) asc, id asc limit 51;
