select t.*, t.created_at::text as sort_key from task t where true and t.assignee = 'user-7' and true order by t.created_at desc, id desc limit 51;
