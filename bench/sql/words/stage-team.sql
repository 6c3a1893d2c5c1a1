-- ContactRepository.listSql filtered by lifecycle stage with a team scope, sorted by -created, first page.
select c.* from unnest(cast('{@SUBJECTS@}' as text[])) s(subject) cross join lateral (
    select *, created_at::text as sort_key from contact
    where deleted_at is null and lifecycle_stage = 'customer' and true
        and coalesce(owner_id, created_by) = s.subject
    order by created_at desc, id desc limit 51) c
order by created_at desc, id desc limit 51;
