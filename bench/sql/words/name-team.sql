-- ContactRepository.listSql sorted by name with a team scope, a page after a cursor: one page
-- per subject from its (owner, sort_name, id) index, merged.
select c.* from unnest(cast('{@SUBJECTS@}' as text[])) s(subject) cross join lateral (
    select *, sort_name::text as sort_key from contact
    where deleted_at is null and (sort_name, id) > (cast('@NAME@' as text), '@ID@')
        and coalesce(owner_id, created_by) = s.subject
    order by sort_name asc, id asc limit 51) c
order by sort_name asc, id asc limit 51;
