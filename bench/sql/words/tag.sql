-- ContactRepository.listSql with a tag filter, sorted by name, first page, run with ContactRepository.LIST_SETTINGS
-- (plan_cache_mode force_custom_plan: a generic plan does not know which tag, and walks the name index through every
-- contact looking for a tag nobody has). The tag and the limit are bound parameters of a prepared statement.
begin;
select set_config('plan_cache_mode', 'force_custom_plan', true), set_config('jit', 'off', true);
select *, sort_name::text as sort_key from contact
where deleted_at is null and tags @> cast(:tag as text[]) and true and @SCOPE@
order by sort_name asc, id asc limit :lim;
commit;
