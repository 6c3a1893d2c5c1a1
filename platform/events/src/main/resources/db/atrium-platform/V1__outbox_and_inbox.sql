-- Transactional outbox: a service's change and its event commit in one transaction.
-- The relay publishes unpublished rows in position order; position is taken after the aggregate row is
-- locked, so one aggregate's events are in commit order.
create table atrium_outbox (
    position     bigint generated always as identity primary key,
    event_id     uuid        not null unique,
    topic        text        not null,
    message_key  text        not null,
    event_type   text        not null,
    payload      bytea       not null,
    created_at   timestamptz not null default now(),
    published_at timestamptz
);

create index atrium_outbox_unpublished on atrium_outbox (position) where published_at is null;
create index atrium_outbox_published_at on atrium_outbox (published_at) where published_at is not null;

-- Wakes the relay on commit (NOTIFY is delivered when the inserting transaction commits).
create function atrium_outbox_notify() returns trigger language plpgsql as $$
begin
    perform pg_notify('atrium_outbox', '');
    return null;
end
$$;

create trigger atrium_outbox_notify after insert on atrium_outbox
    for each statement execute function atrium_outbox_notify();

-- Idempotent consumer: insert-first record of every event a consumer has seen.
create table atrium_inbox (
    consumer          text        not null,
    event_id          uuid        not null,
    event_type        text        not null,
    subject           text        not null,
    aggregate_version bigint      not null,
    received_at       timestamptz not null default now(),
    primary key (consumer, event_id)
);

-- The newest aggregate version each consumer has applied; older events are skipped.
create table atrium_inbox_version (
    consumer       text   not null,
    aggregate_type text   not null,
    aggregate_id   text   not null,
    version        bigint not null,
    primary key (consumer, aggregate_type, aggregate_id)
);
