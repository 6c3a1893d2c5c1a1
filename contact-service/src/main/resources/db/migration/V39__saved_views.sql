-- Saved views (issue 16): a person's named filters, sort and columns for the contacts or companies list, private to
-- them or shared read-only with every colleague. The filters are validated JSON (SavedViewService), the columns the
-- list's column ids in order. Views carry no event: nothing outside contact-service uses them.
create table saved_view (
    id          uuid primary key,
    version     bigint      not null,
    owner_id    text        not null,
    record_type text        not null check (record_type in ('contacts', 'companies')),
    name        text        not null,
    filters     jsonb       not null default '{}',
    columns     text[]      not null default '{}',
    shared      boolean     not null default false,
    created_at  timestamptz not null,
    updated_at  timestamptz not null
);
-- The list: the caller's own views and everyone's shared ones of a record type, by name.
create index saved_view_owner on saved_view (owner_id, record_type, lower(name), id);
create index saved_view_shared on saved_view (record_type, lower(name), id) where shared;
