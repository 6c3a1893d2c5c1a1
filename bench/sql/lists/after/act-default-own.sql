select a.*, a.occurred_at::text as sort_key from activity a where a.deleted_at is null and a.created_by in ('user-7') and true and true order by a.occurred_at desc, id desc limit 51;
