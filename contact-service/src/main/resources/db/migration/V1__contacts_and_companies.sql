-- contact-service owns people and companies. Indexes are designed for a million contacts:
-- trigram GIN for typo-tolerant search, keyset-friendly btrees for each sort, partial on live rows.
create extension if not exists pg_trgm;

create table company (
    id            uuid primary key,
    version       bigint      not null,
    name          text        not null,
    domain        text,
    industry      text,
    size          text,
    address       jsonb,
    owner_id      text,
    tags          text[]      not null default '{}',
    custom_fields jsonb       not null default '{}',
    created_by    text        not null,
    created_at    timestamptz not null,
    updated_by    text        not null,
    updated_at    timestamptz not null,
    deleted_at    timestamptz
);

-- One live company per normalized domain.
create unique index company_domain_unique on company (domain) where deleted_at is null and domain is not null;
create index company_name_trgm on company using gin (lower(name) gin_trgm_ops) where deleted_at is null;
create index company_name_sort on company (lower(name), id) where deleted_at is null;

create table contact (
    id              uuid primary key,
    version         bigint      not null,
    first_name      text,
    last_name       text,
    emails          jsonb       not null default '[]',
    phones          jsonb       not null default '[]',
    job_title       text,
    company_id      uuid references company (id),
    owner_id        text,
    lifecycle_stage text,
    lead_source     text,
    tags            text[]      not null default '{}',
    address         jsonb,
    custom_fields   jsonb       not null default '{}',
    consent_status  text        not null default 'unknown',
    consent_at      timestamptz,
    consent_source  text,
    created_by      text        not null,
    created_at      timestamptz not null,
    updated_by      text        not null,
    updated_at      timestamptz not null,
    deleted_at      timestamptz,
    erased_at       timestamptz,
    -- Lower-cased names, emails and phone digits, maintained by the service: what q searches.
    search_text     text        not null default '',
    sort_name       text generated always as (lower(coalesce(last_name, '') || ' ' || coalesce(first_name, ''))) stored
);

create index contact_search_trgm on contact using gin (search_text gin_trgm_ops) where deleted_at is null;
create index contact_sort_name on contact (sort_name, id) where deleted_at is null;
create index contact_updated on contact (updated_at, id) where deleted_at is null;
create index contact_created on contact (created_at, id) where deleted_at is null;
create index contact_company on contact (company_id) where deleted_at is null;
create index contact_owner on contact (owner_id, id) where deleted_at is null;
create index contact_lifecycle on contact (lifecycle_stage, id) where deleted_at is null;
create index contact_tags on contact using gin (tags) where deleted_at is null;

-- Every email of every live contact, normalized: the case-insensitive duplicate check and email lookup.
create table contact_email (
    email      text primary key,
    contact_id uuid not null references contact (id)
);

create index contact_email_contact on contact_email (contact_id);
