select a.*, a.created_at::text as sort_key from activity a where a.deleted_at is null and true and true and true order by a.created_at desc, id desc limit 51;
