-- People notification-service knows: learnt from their tokens (subject, email claim, roles) whenever they call it,
-- and from their own preferences. Digest settings live here too.
create table recipient (
    user_id            text        primary key,
    email              text,
    email_from_token   boolean     not null default true,
    roles              text[]      not null default '{}',
    digest_enabled     boolean     not null default false,
    digest_hour        int         not null default 8 check (digest_hour between 0 and 23),
    digest_zone        text        not null default 'UTC',
    digest_last_sent   timestamptz,
    seen_at            timestamptz not null
);

-- A person's choice of channels for one notification type; absent = the rule's default channels.
create table preference (
    user_id text    not null,
    type    text    not null,
    in_app  boolean not null,
    email   boolean not null,
    primary key (user_id, type)
);

-- The in-app inbox. dedupe_key makes every notification happen once per recipient: the causing event's id and
-- type, or for scheduled ones the thing and the moment (task-reminder:<task>:<reminderAt>).
create table notification (
    id           uuid        primary key,
    recipient    text        not null,
    type         text        not null,
    title        text        not null,
    body         text,
    link_type    text,
    link_id      text,
    dedupe_key   text        not null,
    created_at   timestamptz not null,
    read_at      timestamptz,
    in_app       boolean     not null,
    unique (recipient, dedupe_key)
);

create index notification_inbox on notification (recipient, (read_at is not null), created_at desc, id desc)
    where in_app;
create index notification_digest on notification (recipient, created_at) where read_at is null;

-- Emails to send, written in the same transaction as the event's inbox record: nothing is sent for an event that was
-- not recorded as processed, and nothing recorded is lost.
create table email_message (
    id              uuid        primary key,
    recipient       text        not null,
    to_address      text        not null,
    subject         text        not null,
    text_body       text        not null,
    kind            text        not null,
    status          text        not null default 'pending' check (status in ('pending', 'sent', 'failed')),
    attempts        int         not null default 0,
    next_attempt_at timestamptz not null,
    last_error      text,
    created_at      timestamptz not null,
    sent_at         timestamptz
);

create index email_message_due on email_message (next_attempt_at) where status = 'pending';

-- What the scheduled notifications need to know, kept from the events. *_notified_for remembers the moment a
-- notification was sent for, so a changed reminder or due time fires again and an unchanged one never twice.
create table task_watch (
    task_id                uuid        primary key,
    title                  text        not null,
    assignee               text,
    status                 text        not null,
    due_at                 timestamptz,
    reminder_at            timestamptz,
    reminded_for           timestamptz,
    overdue_notified_for   timestamptz,
    version                bigint      not null
);

create index task_watch_reminder on task_watch (reminder_at) where status = 'open' and reminder_at is not null;
create index task_watch_due on task_watch (due_at) where status = 'open' and due_at is not null;

create table ticket_watch (
    ticket_id                    uuid        primary key,
    number                       bigint      not null,
    subject                      text        not null,
    assignee                     text,
    status                       text        not null,
    first_response_due_at        timestamptz,
    resolution_due_at            timestamptz,
    first_responded_at           timestamptz,
    resolved_at                  timestamptz,
    first_response_warned_for    timestamptz,
    resolution_warned_for        timestamptz,
    version                      bigint      not null
);

create index ticket_watch_running on ticket_watch (ticket_id) where status not in ('resolved', 'closed');

create table stage_watch (
    stage_id     uuid   primary key,
    pipeline_id  uuid   not null,
    name         text   not null,
    rotting_days int
);

create table deal_watch (
    deal_id              uuid        primary key,
    title                text        not null,
    owner                text,
    status               text        not null,
    stage_id             uuid,
    stage_entered_at     timestamptz,
    rotting_notified_for timestamptz,
    version              bigint      not null
);

create index deal_watch_open on deal_watch (stage_id) where status = 'open';

-- Webhook subscriptions of external systems. During a secret rotation the previous secret also signs until
-- previous_secret_expires_at.
create table webhook_subscription (
    id                         uuid        primary key,
    url                        text        not null,
    description                text,
    event_types                text[]      not null,
    filters                    jsonb       not null default '{}',
    secret                     text        not null,
    previous_secret            text,
    previous_secret_expires_at timestamptz,
    active                     boolean     not null,
    disabled_reason            text,
    disabled_at                timestamptz,
    version                    bigint      not null,
    created_by                 text        not null,
    created_at                 timestamptz not null,
    updated_at                 timestamptz not null
);

-- One event for one subscription. position orders deliveries of the same ordering_key (the aggregate) within a
-- subscription; only the oldest pending one of a key is ever in flight. leased_until keeps a delivery that one
-- replica is sending from being picked by another.
create table webhook_delivery (
    id               uuid        primary key,
    position         bigint      generated always as identity,
    subscription_id  uuid        not null references webhook_subscription (id) on delete cascade,
    event_id         uuid        not null,
    event_type       text        not null,
    ordering_key     text        not null,
    payload          bytea       not null,
    status           text        not null default 'pending' check (status in ('pending', 'succeeded', 'failed')),
    attempts         int         not null default 0,
    next_attempt_at  timestamptz not null,
    leased_until     timestamptz,
    first_attempt_at timestamptz,
    last_status_code int,
    last_error       text,
    last_latency_ms  int,
    created_at       timestamptz not null,
    completed_at     timestamptz,
    unique (subscription_id, event_id)
);

create index webhook_delivery_due on webhook_delivery (next_attempt_at) where status = 'pending';
create index webhook_delivery_key on webhook_delivery (subscription_id, ordering_key, position) where status = 'pending';
create index webhook_delivery_log on webhook_delivery (subscription_id, position desc);

create table webhook_attempt (
    delivery_id  uuid        not null references webhook_delivery (id) on delete cascade,
    number       int         not null,
    attempted_at timestamptz not null,
    status_code  int,
    latency_ms   int         not null,
    error        text,
    primary key (delivery_id, number)
);
