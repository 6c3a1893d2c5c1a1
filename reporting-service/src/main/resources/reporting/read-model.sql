-- One generation of the read models. ${schema} is replaced by the generation's schema name. Rows are snapshots of
-- the owners' aggregates at their newest version, plus the facts reports need history for (stage changes,
-- lifecycle changes); reports aggregate them at query time, so arrival order across topics does not matter.
-- Every record keeps who it belongs to (owner or assignee, else its creator; a ticket also its team): the views
-- filter by the caller's record access with them (docs/security.md).
create schema ${schema};

create table ${schema}.contact (
    id              uuid primary key,
    version         bigint      not null,
    name            text,
    lifecycle_stage text,
    lead_source     text,
    company_id      uuid,
    owner_id        text,
    created_by      text,
    created_at      timestamptz,
    status          text        not null
);

create table ${schema}.lifecycle_change (
    event_id   uuid primary key,
    contact_id uuid        not null,
    from_stage text,
    to_stage   text        not null,
    changed_at timestamptz not null
);
-- A contact merge moves the duplicate's stage changes to the survivor (Projector.merged).
create index on ${schema}.lifecycle_change (contact_id);

create table ${schema}.company (
    id         uuid primary key,
    version    bigint not null,
    name       text,
    owner_id   text,
    created_by text,
    status     text   not null
);

create table ${schema}.pipeline (
    id       uuid primary key,
    version  bigint  not null,
    name     text    not null,
    archived boolean not null
);

create table ${schema}.stage (
    id           uuid primary key,
    pipeline_id  uuid    not null,
    name         text    not null,
    probability  integer not null,
    rotting_days integer,
    position     integer not null,
    removed      boolean not null
);

create table ${schema}.deal (
    id                  uuid primary key,
    version             bigint      not null,
    title               text        not null,
    pipeline_id         uuid        not null,
    stage_id            uuid        not null,
    status              text        not null,
    amount              numeric(19, 4),
    currency            char(3),
    expected_close_date date,
    owner_id            text        not null,
    primary_contact_id  uuid,
    contact_ids         uuid[]      not null,
    company_id          uuid,
    lead_source         text,
    created_at          timestamptz not null,
    stage_entered_at    timestamptz not null,
    closed_at           timestamptz,
    deleted             boolean     not null
);

create index on ${schema}.deal (pipeline_id, stage_id);
create index on ${schema}.deal using gin (contact_ids);

create table ${schema}.deal_stage_change (
    event_id           uuid primary key,
    deal_id            uuid        not null,
    from_stage_id      uuid,
    to_stage_id        uuid        not null,
    changed_at         timestamptz not null,
    millis_in_previous bigint
);

create index on ${schema}.deal_stage_change (deal_id, changed_at);

create table ${schema}.activity (
    id          uuid primary key,
    version     bigint      not null,
    type        text        not null,
    subject     text,
    occurred_at timestamptz not null,
    author      text        not null,
    contact_ids uuid[]      not null,
    company_id  uuid,
    deal_id     uuid,
    deleted     boolean     not null
);

create index on ${schema}.activity using gin (contact_ids);
create index on ${schema}.activity (deal_id, occurred_at);

create table ${schema}.task (
    id           uuid primary key,
    version      bigint      not null,
    title        text        not null,
    due_at       timestamptz,
    status       text        not null,
    assignee     text        not null,
    created_by   text,
    contact_ids  uuid[]      not null,
    deal_id      uuid,
    completed_at timestamptz
);

create index on ${schema}.task using gin (contact_ids);

create table ${schema}.ticket (
    id                         uuid primary key,
    version                    bigint      not null,
    number                     bigint      not null,
    subject                    text        not null,
    status                     text        not null,
    priority                   text        not null,
    channel                    text        not null,
    requester_contact_id       uuid,
    company_id                 uuid,
    assignee                   text,
    team                       text,
    created_by                 text,
    created_at                 timestamptz not null,
    first_responded_at         timestamptz,
    resolved_at                timestamptz,
    first_response_breached_at timestamptz,
    resolution_breached_at     timestamptz
);

create index on ${schema}.ticket (requester_contact_id);

-- Per topic: the newest event applied to this generation (its CloudEvents time) and when it was applied.
create table ${schema}.freshness (
    topic             text primary key,
    newest_event_time timestamptz not null,
    applied_at        timestamptz not null
);
