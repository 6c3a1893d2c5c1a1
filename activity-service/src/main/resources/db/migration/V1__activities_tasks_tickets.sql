-- activity-service: the communication log, tasks and support tickets. References to contacts, companies and deals
-- are ids checked against the replica (platform table atrium_reference); no foreign keys cross services.

-- Calls, emails, meetings and notes. Type-specific columns are null for the other types (checked in the domain).
create table activity (
    id               uuid primary key,
    version          bigint      not null,
    type             text        not null check (type in ('call', 'email', 'meeting', 'note')),
    subject          text,
    body             text,
    occurred_at      timestamptz not null,
    contact_ids      uuid[]      not null default '{}',
    company_id       uuid,
    deal_id          uuid,
    direction        text check (direction in ('inbound', 'outbound')),
    duration_seconds integer,
    outcome          text,
    email_from       text,
    email_to         text[]      not null default '{}',
    email_cc         text[]      not null default '{}',
    message_id       text,
    thread_id        text,
    starts_at        timestamptz,
    ends_at          timestamptz,
    attendees        jsonb       not null default '[]',
    location         text,
    redacted         boolean     not null default false,
    created_by       text        not null,
    created_at       timestamptz not null,
    updated_by       text        not null,
    updated_at       timestamptz not null,
    deleted_at       timestamptz,
    search           tsvector generated always as (
        setweight(to_tsvector('simple', coalesce(subject, '')), 'A') ||
        setweight(to_tsvector('simple', coalesce(body, '')), 'B')) stored
);

create index activity_occurred on activity (occurred_at desc, id desc) where deleted_at is null;
create index activity_contacts on activity using gin (contact_ids);
create index activity_company on activity (company_id, occurred_at desc) where company_id is not null;
create index activity_deal on activity (deal_id, occurred_at desc) where deal_id is not null;
create index activity_search on activity using gin (search);
create index activity_attendee_contacts on activity using gin (attendees jsonb_path_ops);

-- Email addresses of contacts, from contact-service's events: what an erasure removes from email headers.
create table contact_address (
    contact_id uuid not null,
    address    text not null,
    primary key (contact_id, address)
);

create table task (
    id           uuid primary key,
    version      bigint      not null,
    title        text        not null,
    description  text,
    due_at       timestamptz,
    reminder_at  timestamptz,
    priority     text        not null check (priority in ('low', 'normal', 'high', 'urgent')),
    assignee     text        not null,
    status       text        not null check (status in ('open', 'done', 'cancelled')),
    contact_ids  uuid[]      not null default '{}',
    company_id   uuid,
    deal_id      uuid,
    completed_by text,
    completed_at timestamptz,
    created_by   text        not null,
    created_at   timestamptz not null,
    updated_by   text        not null,
    updated_at   timestamptz not null
);

create index task_assignee_due on task (assignee, coalesce(due_at, 'infinity'::timestamptz), id) where status = 'open';
create index task_due on task (coalesce(due_at, 'infinity'::timestamptz), id);
create index task_contacts on task using gin (contact_ids);
create index task_company on task (company_id) where company_id is not null;
create index task_deal on task (deal_id) where deal_id is not null;

create sequence ticket_number start 1001;

create table ticket (
    id                          uuid primary key,
    number                      bigint      not null unique default nextval('ticket_number'),
    version                     bigint      not null,
    subject                     text        not null,
    description                 text,
    status                      text        not null
        check (status in ('new', 'open', 'pending', 'resolved', 'closed')),
    priority                    text        not null check (priority in ('low', 'normal', 'high', 'urgent')),
    channel                     text        not null check (channel in ('email', 'phone', 'web', 'chat')),
    requester_contact_id        uuid,
    company_id                  uuid,
    assignee                    text,
    team                        text,
    first_response_due_at       timestamptz not null,
    resolution_due_at           timestamptz not null,
    first_responded_at          timestamptz,
    resolved_at                 timestamptz,
    closed_at                   timestamptz,
    first_response_breached_at  timestamptz,
    resolution_breached_at      timestamptz,
    redacted                    boolean     not null default false,
    created_by                  text        not null,
    created_at                  timestamptz not null,
    updated_by                  text        not null,
    updated_at                  timestamptz not null
);

create index ticket_created on ticket (created_at desc, id desc);
create index ticket_requester on ticket (requester_contact_id) where requester_contact_id is not null;
create index ticket_company on ticket (company_id) where company_id is not null;
create index ticket_assignee on ticket (assignee) where status not in ('resolved', 'closed');
-- What the breach detector scans: open targets only.
create index ticket_first_response_due on ticket (first_response_due_at)
    where first_responded_at is null and first_response_breached_at is null and status not in ('resolved', 'closed');
create index ticket_resolution_due on ticket (resolution_due_at)
    where resolution_breached_at is null and status not in ('resolved', 'closed');

-- Public replies (the requester sees them) and internal comments (agents only).
create table ticket_message (
    id         uuid primary key,
    ticket_id  uuid        not null references ticket (id),
    visibility text        not null check (visibility in ('public', 'internal')),
    body       text,
    author     text        not null,
    created_at timestamptz not null
);

create index ticket_message_ticket on ticket_message (ticket_id, created_at, id);

create table ticket_status_change (
    id          uuid primary key,
    ticket_id   uuid        not null references ticket (id),
    from_status text,
    to_status   text        not null,
    changed_by  text        not null,
    changed_at  timestamptz not null
);

create index ticket_status_change_ticket on ticket_status_change (ticket_id, changed_at, id);
