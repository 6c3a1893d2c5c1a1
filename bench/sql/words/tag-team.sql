-- ContactRepository.listSql with a tag filter and a team scope, sorted by name, first page (tag and limit bound),
-- run with ContactRepository.LIST_SETTINGS: one page per subject from its (owner, sort_name, id) index, merged.
begin;
select set_config('plan_cache_mode', 'force_custom_plan', true), set_config('jit', 'off', true);
select c.* from unnest(cast('{@SUBJECTS@}' as text[])) s(subject) cross join lateral (
    select *, sort_name::text as sort_key from contact
    where deleted_at is null and tags @> cast(:tag as text[]) and true
        and coalesce(owner_id, created_by) = s.subject
    order by sort_name asc, id asc limit :lim) c
order by sort_name asc, id asc limit :lim;
commit;
