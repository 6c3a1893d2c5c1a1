-- An activity's ids in other systems (issue 18), as contacts, companies and deals have them: {"hubspot": "77"}. Each
-- id of a source belongs to one live activity (activity_external_id, claimed and released as the activity is written
-- and deleted), so an import or an integration finds an activity by the id its own system knows it by.
alter table activity add column external_ids jsonb not null default '{}';

create table activity_external_id (
    source      text not null,
    external_id text not null,
    activity_id uuid not null references activity (id),
    primary key (source, external_id)
);

create index activity_external_id_activity on activity_external_id (activity_id);
