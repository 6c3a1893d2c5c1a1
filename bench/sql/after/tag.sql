-- ContactRepository.list with a tag filter, sorted by name, first page. The tag and the limit are bound parameters
-- of a prepared statement (pgbench -M prepared -D tag=...), as the JDBC driver sends them once it prepares on the
-- server: after five executions PostgreSQL may switch to a generic plan, which does not know which tag it is.
select *, sort_name::text as sort_key from contact
where deleted_at is null and tags @> cast(:tag as text[]) and @SCOPE@ and true
order by sort_name asc, id asc limit :lim;
