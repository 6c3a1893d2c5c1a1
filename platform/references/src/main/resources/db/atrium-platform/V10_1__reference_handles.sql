-- What a service finds a record it refers to by, besides its id (issue 18, imports): a contact's email addresses and
-- external ids, a company's domain, name and external ids, a deal's title and external ids. Kept from the owners'
-- events with the replica (platform/references), for live records only: each newer version replaces its record's
-- handles, a deletion or erasure removes them. Values are normalised (emails and names lower-cased, domains as
-- contact-service normalises them, external ids as given); handle is email, domain, name or externalIds.<source>.
-- Records replicated before this table existed get their handles with their next event.
create table if not exists atrium_reference_handle (
    kind   text not null,
    handle text not null,
    value  text not null,
    id     uuid not null,
    primary key (kind, handle, value, id)
);
create index if not exists atrium_reference_handle_id on atrium_reference_handle (id);
