-- A contact's ids in other systems (issue 18): {"hubspot": "12345", "legacy-erp": "C-0042"}. Each id of a source
-- belongs to one live contact (contact_external_id, claimed and released like contact_email), so an import or an
-- integration can find a contact by the id its own system knows it by.
alter table contact add column external_ids jsonb not null default '{}';

create table contact_external_id (
    source      text not null,
    external_id text not null,
    contact_id  uuid not null references contact (id),
    primary key (source, external_id)
);

create index contact_external_id_contact on contact_external_id (contact_id);
