-- Replica of the contacts, companies and deals other services own (platform/references): ids, display names and
-- status only, newest version wins. A deleted or erased one keeps its row (so its id stays unknown here) without a
-- name. Platform migrations share one history (atrium_platform_schema_history, out-of-order allowed); the events
-- module numbers its migrations 1.x, this module 10.x.
create table if not exists atrium_reference (
    id      uuid primary key,
    kind    text   not null check (kind in ('contact', 'company', 'deal')),
    name    text,
    status  text   not null check (status in ('live', 'deleted', 'erased')),
    version bigint not null
);
