-- ContactRepository.listSql filtered by lifecycle stage, sorted by -created, first page.
select *, created_at::text as sort_key from contact
where deleted_at is null and lifecycle_stage = 'customer' and @SCOPE@ and true
order by created_at desc, id desc limit 51;
