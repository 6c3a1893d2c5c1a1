-- The replica of contacts and companies moved into platform/references (table atrium_reference), now that
-- activity-service keeps one too. Platform migrations run after the service's own, so the table is created here for
-- a database that already has a replica (same definition as platform V10, which then finds it) and the rows move
-- over: the events they came from are already consumed and would not come back.
create table if not exists atrium_reference (
    id      uuid primary key,
    kind    text   not null check (kind in ('contact', 'company', 'deal')),
    name    text,
    status  text   not null check (status in ('live', 'deleted', 'erased')),
    version bigint not null
);

insert into atrium_reference (id, kind, name, status, version)
select id, kind, name, status, version from party
on conflict (id) do nothing;

drop table party;
