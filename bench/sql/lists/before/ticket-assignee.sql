select t.*, t.created_at::text as sort_key from ticket t where true and t.assignee = 'user-207' and true order by t.created_at desc, id desc limit 51;
