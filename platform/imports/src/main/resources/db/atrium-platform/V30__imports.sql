-- Import jobs (platform/imports): the uploaded file, its column mapping, the run's checkpoint and counts, rejected
-- rows and the keys already seen in the file. A job belongs to the service that owns its kind of record.
create table atrium_import_job (
    id             uuid primary key,
    kind           text        not null,
    created_by     text        not null,
    -- The creator's roles when the job was created: a run applies record access as that caller.
    created_roles  text[]      not null,
    created_at     timestamptz not null,
    file_name      text,
    format         text        not null,
    separator      text,
    file_size      bigint      not null,
    columns        jsonb       not null,
    sample         jsonb       not null,
    -- The file's layout (kind and header): the mapping saved for one file is offered for the next of that layout.
    layout         text        not null,
    mapping        jsonb,
    status         text        not null,
    mode           text,
    rows_total     bigint,
    rows_done      bigint      not null default 0,
    created        bigint      not null default 0,
    updated        bigint      not null default 0,
    unchanged      bigint      not null default 0,
    rejected       bigint      not null default 0,
    reasons        jsonb       not null default '{}',
    dry_run        jsonb,
    started_at     timestamptz,
    resumed_at     timestamptz,
    rows_at_resume bigint      not null default 0,
    finished_at    timestamptz,
    failure        text,
    lease_owner    text,
    lease_until    timestamptz
);

create index atrium_import_job_creator on atrium_import_job (kind, created_by, created_at desc);
create index atrium_import_job_waiting on atrium_import_job (created_at) where status in ('queued', 'running');

-- The file as uploaded, in chunks of 1 MiB: read back as a stream, so a run never holds the file in memory.
create table atrium_import_file (
    job_id uuid    not null references atrium_import_job (id) on delete cascade,
    seq    integer not null,
    data   bytea   not null,
    primary key (job_id, seq)
);

create table atrium_import_rejected (
    job_id     uuid   not null references atrium_import_job (id) on delete cascade,
    row_number bigint not null,
    reason     text   not null,
    cells      jsonb  not null,
    primary key (job_id, row_number)
);

-- The key of every row already taken in this pass over the file: a later row with the same key is a duplicate.
create table atrium_import_key (
    job_id uuid not null references atrium_import_job (id) on delete cascade,
    key    text not null,
    primary key (job_id, key)
);

create table atrium_import_mapping (
    kind     text        not null,
    layout   text        not null,
    mapping  jsonb       not null,
    saved_by text        not null,
    saved_at timestamptz not null,
    primary key (kind, layout)
);
