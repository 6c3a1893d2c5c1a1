-- Idempotency-Key on POST: claimed insert-first in the create's own transaction, with the response to replay.
create table atrium_idempotency_key (
    scope           text        not null,
    idempotency_key text        not null,
    request_hash    text        not null,
    status          int,
    location        text,
    etag            text,
    body            text,
    created_at      timestamptz not null default now(),
    primary key (scope, idempotency_key)
);

create index atrium_idempotency_key_created_at on atrium_idempotency_key (created_at);
create index atrium_idempotency_key_location on atrium_idempotency_key (location);
