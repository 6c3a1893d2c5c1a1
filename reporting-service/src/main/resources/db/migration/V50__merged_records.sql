-- Which contacts and companies were merged into which (crm.<kind>.merged.v1; issue 18), outside the read-model
-- generations: the same facts for every generation and for the audit log. A merge into a record merged away already
-- resolves to where that one went, so a chain's events (on different keys) may arrive in any order.
create table merged_record (
    id          uuid primary key,
    survivor_id uuid not null
);

create index merged_record_survivor on merged_record (survivor_id);
