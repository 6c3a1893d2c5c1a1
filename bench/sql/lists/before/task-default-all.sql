select t.*, coalesce(t.due_at, 'infinity'::timestamptz)::text as sort_key from task t where true and true and true order by coalesce(t.due_at, 'infinity'::timestamptz) asc, id asc limit 51;
