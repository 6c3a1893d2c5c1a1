-- Web forms, their submissions and the consent ledger (issue 19, ADR 24). A form is marketing's definition of a public
-- form: its fields and where each goes on the contact, its consent checkboxes with their exact wording, its allowed
-- origins and spam settings. Every change makes a new version, kept, so a submission and its consent proof name the
-- exact wording the visitor saw.
create table web_form (
    id          uuid primary key,
    version     bigint      not null,
    name        text        not null,
    definition  jsonb       not null,
    created_by  text        not null,
    created_at  timestamptz not null,
    updated_by  text        not null,
    updated_at  timestamptz not null,
    deleted_at  timestamptz
);
create index web_form_name on web_form (lower(name), id) where deleted_at is null;

create table web_form_version (
    form_id     uuid        not null references web_form (id),
    version     bigint      not null,
    definition  jsonb       not null,
    created_by  text        not null,
    created_at  timestamptz not null,
    primary key (form_id, version)
);

-- What a visitor sent, accepted: the contact it created or updated, their fields as mapped, attribution and where it
-- came from. Kept for the form's retention period; gone with an erasure of the contact.
create table web_form_submission (
    id             uuid primary key,
    form_id        uuid        not null references web_form (id),
    form_version   bigint      not null,
    submission_key text,
    contact_id     uuid        not null,
    outcome        text        not null check (outcome in ('created', 'updated')),
    fields         jsonb       not null,
    utm            jsonb       not null default '{}',
    page_url       text,
    referrer       text,
    ip             inet,
    user_agent     text,
    received_at    timestamptz not null
);
-- A retried post (same key) is answered from the first; the list is newest first per form.
create unique index web_form_submission_key on web_form_submission (form_id, submission_key)
    where submission_key is not null;
create index web_form_submission_form on web_form_submission (form_id, received_at desc, id desc);
create index web_form_submission_contact on web_form_submission (contact_id);
create index web_form_submission_received on web_form_submission (received_at);

-- Consent per contact, channel and purpose: append-only, the newest entry per (channel, purpose) is the current state.
-- An entry keeps who, when, from where, the exact wording and, from a web form, the form's version and the IP.
create table consent_entry (
    id            uuid primary key,
    contact_id    uuid        not null,
    channel       text        not null check (channel in ('email', 'phone', 'sms')),
    purpose       text        not null,
    status        text        not null check (status in ('granted', 'withdrawn')),
    source        text        not null,
    wording       text,
    form_id       uuid,
    form_version  bigint,
    submission_id uuid,
    ip            inet,
    recorded_by   text        not null,
    recorded_at   timestamptz not null
);
create index consent_entry_contact on consent_entry (contact_id, recorded_at desc, id desc);

-- Counters of the public submit endpoint per client IP and per form, one row per key and minute, so the limits hold
-- across replicas; rows older than an hour are deleted by a schedule.
create table web_form_rate (
    key          text        not null,
    window_start timestamptz not null,
    hits         integer     not null,
    primary key (key, window_start)
);

-- The key that signs a form's fill-time tickets: made once, shared by every replica, kept across restarts.
create table web_form_secret (
    id     integer primary key check (id = 1),
    secret bytea   not null
);
