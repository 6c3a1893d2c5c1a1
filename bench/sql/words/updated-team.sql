-- ContactRepository.listSql sorted by -updated with a team scope, a page after a cursor: one page
-- per subject from its (owner, updated_at, id) index, merged.
select c.* from unnest(cast('{@SUBJECTS@}' as text[])) s(subject) cross join lateral (
    select *, updated_at::text as sort_key from contact
    where deleted_at is null and (updated_at, id) < (cast('@UPDATED@' as timestamptz), '@ID@')
        and coalesce(owner_id, created_by) = s.subject
    order by updated_at desc, id desc limit 51) c
order by updated_at desc, id desc limit 51;
