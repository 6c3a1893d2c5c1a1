-- Record access (docs/security.md): the views filter every record by the caller's read scope of its type, so the read
-- models keep who each record belongs to. New generations get these columns from reporting/read-model.sql; this adds
-- them to the generations that exist already (live, or being built). Their rows fill in as the records' next events
-- arrive, and all at once on the next rebuild (POST /api/v1/reports/rebuild), which an upgrade should start: until
-- then a company whose owner is not yet known is visible only to roles that read every company, and contacts, tasks
-- and tickets fall back to the owner and assignee stored already.
do $$
declare
    generation record;
begin
    for generation in
        select g.schema_name from reporting_generation g
        where g.status in ('live', 'building')
          and exists (select 1 from information_schema.schemata s where s.schema_name = g.schema_name)
    loop
        execute format('alter table %I.contact add column if not exists created_by text', generation.schema_name);
        execute format('alter table %I.company add column if not exists owner_id text', generation.schema_name);
        execute format('alter table %I.company add column if not exists created_by text', generation.schema_name);
        execute format('alter table %I.task add column if not exists created_by text', generation.schema_name);
        execute format('alter table %I.ticket add column if not exists created_by text', generation.schema_name);
    end loop;
end
$$;
