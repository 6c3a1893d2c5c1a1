select t.*, t.updated_at::text as sort_key from ticket t where true and true and true order by t.updated_at desc, id desc limit 51;
