-- ContactRepository.list sorted by -created, a page after a cursor.
select *, created_at::text as sort_key from contact
where deleted_at is null and @SCOPE@ and (created_at, id) < (cast('@CREATED@' as timestamptz), '@ID@')
order by created_at desc, id desc limit 51;
