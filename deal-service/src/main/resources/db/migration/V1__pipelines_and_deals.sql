-- deal-service owns pipelines, their stages, deals and the deals' stage history, plus a replica of the contact and
-- company names it shows (fed by contact-service's events). Indexes serve the board (open deals of a stage in stage
-- order), every list sort as (column, id) keysets, and the filters; all partial on live rows.
create extension if not exists pg_trgm;

create table pipeline (
    id          uuid primary key,
    version     bigint      not null,
    name        text        not null,
    created_by  text        not null,
    created_at  timestamptz not null,
    updated_by  text        not null,
    updated_at  timestamptz not null,
    archived_at timestamptz
);

create unique index pipeline_name_unique on pipeline (lower(name)) where archived_at is null;

-- A removed stage keeps its row (closed deals and the stage history still name it) with removed_at set.
create table stage (
    id           uuid primary key,
    pipeline_id  uuid        not null references pipeline (id),
    name         text        not null,
    position     int         not null,
    probability  int         not null check (probability between 0 and 100),
    rotting_days int check (rotting_days > 0),
    removed_at   timestamptz
);

create index stage_pipeline on stage (pipeline_id, position) where removed_at is null;

create table deal (
    id                  uuid primary key,
    version             bigint        not null,
    title               text          not null,
    pipeline_id         uuid          not null references pipeline (id),
    stage_id            uuid          not null references stage (id),
    status              text          not null check (status in ('open', 'won', 'lost')),
    -- Money is exact: numeric, never floating point, with its ISO 4217 currency.
    amount              numeric(19, 4),
    currency            char(3),
    expected_close_date date,
    owner_id            text          not null,
    primary_contact_id  uuid,
    contact_ids         uuid[]        not null default '{}',
    company_id          uuid,
    lead_source         text,
    tags                text[]        not null default '{}',
    custom_fields       jsonb         not null default '{}',
    lost_reason         text,
    close_note          text,
    closed_at           timestamptz,
    closed_by           text,
    stage_entered_at    timestamptz   not null,
    created_by          text          not null,
    created_at          timestamptz   not null,
    updated_by          text          not null,
    updated_at          timestamptz   not null,
    deleted_at          timestamptz,
    check ((amount is null) = (currency is null)),
    check (amount is null or amount >= 0)
);

-- The board: open deals of one stage in the order they entered it.
create index deal_board on deal (stage_id, stage_entered_at, id) where deleted_at is null and status = 'open';
create index deal_pipeline on deal (pipeline_id, status) where deleted_at is null;
create index deal_owner on deal (owner_id, status) where deleted_at is null;
-- Not partial: detaching an erased contact must find deleted deals too.
create index deal_contacts on deal using gin (contact_ids);
create index deal_company on deal (company_id) where company_id is not null;
create index deal_title_trgm on deal using gin (lower(title) gin_trgm_ops) where deleted_at is null;
create index deal_sort_created on deal (created_at, id) where deleted_at is null;
create index deal_sort_updated on deal (updated_at, id) where deleted_at is null;
create index deal_sort_amount on deal (coalesce(amount, -1), id) where deleted_at is null;
create index deal_sort_close on deal (coalesce(expected_close_date, 'infinity'::date), id) where deleted_at is null;
create index deal_sort_title on deal (lower(title), id) where deleted_at is null;
create index deal_sort_stage_entered on deal (stage_entered_at, id) where deleted_at is null;

-- Every stage a deal entered: who moved it, when, from where, and how long it had sat in the previous stage.
create table deal_stage_change (
    id                       uuid primary key,
    deal_id                  uuid        not null references deal (id),
    from_pipeline_id         uuid,
    from_stage_id            uuid references stage (id),
    to_pipeline_id           uuid        not null,
    to_stage_id              uuid        not null references stage (id),
    changed_by               text        not null,
    changed_at               timestamptz not null,
    millis_in_previous_stage bigint
);

create index deal_stage_change_deal on deal_stage_change (deal_id, changed_at, id);

-- Replica of contact-service's contacts and companies: ids and display names only, newest version wins.
-- A deleted or erased party keeps its row (so its id stays unknown here) without a name.
create table party (
    id      uuid primary key,
    kind    text   not null check (kind in ('contact', 'company')),
    name    text,
    status  text   not null check (status in ('live', 'deleted', 'erased')),
    version bigint not null
);
