-- reporting-service keeps its read models in one PostgreSQL schema per generation (rm_1, rm_2, ...), created from
-- reporting/read-model.sql. Exactly one generation is live (the views read it); a rebuild fills a new one from the
-- beginning of the topics while the live one keeps serving, then swaps them in one transaction.
create table reporting_generation (
    id           integer primary key,
    schema_name  text        not null unique,
    status       text        not null check (status in ('building', 'live', 'retired')),
    started_at   timestamptz not null,
    completed_at timestamptz,
    -- the end offset of every partition when the rebuild started: it replays up to here, the live path does the rest
    end_offsets  jsonb
);

create unique index reporting_generation_one_live on reporting_generation (status) where status = 'live';
create unique index reporting_generation_one_building on reporting_generation (status) where status = 'building';
