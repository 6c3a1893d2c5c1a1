-- Which contacts and companies were merged into which (crm.<kind>.merged.v1), kept by every service with a replica
-- (platform/references). Merges of a chain (A into B, then B into C) can be applied in any order, since their events
-- travel on different keys: a merge into a record merged away already re-points straight to where it went.
create table if not exists atrium_reference_merge (
    id          uuid primary key,
    survivor_id uuid not null
);

create index if not exists atrium_reference_merge_survivor on atrium_reference_merge (survivor_id);
