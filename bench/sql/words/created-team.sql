-- ContactRepository.listSql sorted by -created with a team scope, a page after a cursor: one page
-- per subject from its (owner, created_at, id) index, merged.
select c.* from unnest(cast('{@SUBJECTS@}' as text[])) s(subject) cross join lateral (
    select *, created_at::text as sort_key from contact
    where deleted_at is null and (created_at, id) < (cast('@CREATED@' as timestamptz), '@ID@')
        and coalesce(owner_id, created_by) = s.subject
    order by created_at desc, id desc limit 51) c
order by created_at desc, id desc limit 51;
