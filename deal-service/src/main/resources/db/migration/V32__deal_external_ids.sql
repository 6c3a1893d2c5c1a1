-- A deal's ids in other systems (issue 18), as contacts and companies have them: {"hubspot": "9001"}. Each id of a
-- source belongs to one live deal (deal_external_id, claimed and released as the deal is written and deleted), so an
-- import or an integration finds a deal by the id its own system knows it by — deals have no natural key otherwise.
alter table deal add column external_ids jsonb not null default '{}';

create table deal_external_id (
    source      text not null,
    external_id text not null,
    deal_id     uuid not null references deal (id),
    primary key (source, external_id)
);

create index deal_external_id_deal on deal_external_id (deal_id);
