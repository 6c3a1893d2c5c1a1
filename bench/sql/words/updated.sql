-- ContactRepository.list sorted by -updated, a page after a cursor.
select *, updated_at::text as sort_key from contact
where deleted_at is null and @SCOPE@ and (updated_at, id) < (cast('@UPDATED@' as timestamptz), '@ID@')
order by updated_at desc, id desc limit 51;
