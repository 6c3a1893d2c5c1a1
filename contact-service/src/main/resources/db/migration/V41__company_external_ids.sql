-- A company's ids in other systems (issue 18), as a contact's (V40): {"hubspot": "12345"}. Each id of a source
-- belongs to one live company (company_external_id, claimed and released as the company is written and deleted), so
-- an import or an integration finds a company by the id its own system knows it by.
alter table company add column external_ids jsonb not null default '{}';

create table company_external_id (
    source      text not null,
    external_id text not null,
    company_id  uuid not null references company (id),
    primary key (source, external_id)
);

create index company_external_id_company on company_external_id (company_id);
