-- The audit log: every change to every record the events tell of, who made it and through which request. Built by
-- its own consumer (inbox consumer 'reporting.audit') outside the read-model generations: a rebuild neither drops nor
-- repeats it. One entry per event; changes is [{field, old, new}] (old values come from the state kept below).
create table audit_entry (
    id                bigint generated always as identity primary key,
    event_id          uuid        not null unique,
    occurred_at       timestamptz not null,
    record_type       text        not null,
    record_id         text        not null,
    event_type        text        not null,
    aggregate_version bigint      not null,
    actor             text,
    request_id        text,
    client_id         text,
    changes           jsonb       not null default '[]',
    -- true once the values of this entry were erased (the record, or a contact it named, was erased): the fact, its
    -- time, actor and the names of the changed fields stay, the old and new values are gone
    erased            boolean     not null default false,
    -- the contacts the record named when it changed (its own id for a contact): their erasure scrubs this entry
    contact_ids       uuid[]      not null default '{}'
);

create index audit_entry_newest on audit_entry (occurred_at desc, id desc);
create index audit_entry_record on audit_entry (record_id, occurred_at desc, id desc);
create index audit_entry_actor on audit_entry (actor, occurred_at desc, id desc);
create index audit_entry_type on audit_entry (record_type, occurred_at desc, id desc);
create index audit_entry_contacts on audit_entry using gin (contact_ids);

-- The last state of each record seen, so the next event's old values are known. Deleted on erasure.
create table audit_record_state (
    record_type text   not null,
    record_id   text   not null,
    version     bigint not null,
    state       jsonb  not null,
    contact_ids uuid[] not null default '{}',
    primary key (record_type, record_id)
);

create index audit_record_state_contacts on audit_record_state using gin (contact_ids);

-- Records whose personal data was erased: a later event about them (or naming such a contact) is stored erased.
create table audit_erased_record (
    record_type text        not null,
    record_id   text        not null,
    erased_at   timestamptz not null,
    primary key (record_type, record_id)
);
