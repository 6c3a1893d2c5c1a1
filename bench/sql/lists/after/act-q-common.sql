begin;
select count(*) as found from (select a.* from (select a.*, a.occurred_at::text as sort_key from activity a where a.deleted_at is null and true and true order by a.occurred_at desc, id desc limit 5000) a where true and a.search @@ websearch_to_tsquery('simple', 'renewal') order by a.occurred_at desc, id desc limit 51) page \gset
\if :found <= 50
with m as materialized (select a.*, a.occurred_at::text as sort_key from activity a where a.deleted_at is null and true and a.search @@ websearch_to_tsquery('simple', 'renewal') and true) select * from m a order by a.occurred_at desc, id desc limit 51;
\endif
commit;
