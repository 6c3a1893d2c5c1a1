-- ContactRepository.list sorted by name, a page after a cursor.
select *, sort_name::text as sort_key from contact
where deleted_at is null and @SCOPE@ and (sort_name, id) > (cast('@NAME@' as text), '@ID@')
order by sort_name asc, id asc limit 51;
