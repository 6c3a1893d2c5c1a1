-- Export jobs (ADR 21): a large export runs in the background on exactly one replica and its file is kept here, in
-- chunks, until its download link expires, so it survives restarts and is served by any replica.
create table atrium_export_job (
    id uuid primary key,
    kind text not null,
    format text not null,
    columns text[] not null,
    filters jsonb not null,
    created_by text not null,
    -- The creator's roles when they asked: the job reads with their record access, as the download would have.
    roles text[] not null,
    status text not null check (status in ('queued', 'running', 'done', 'failed', 'expired')),
    -- Each claim by a replica increments it; a replica whose claim was taken over can no longer write.
    attempt integer not null default 0,
    rows_done bigint not null default 0,
    rows_total bigint,
    file_name text,
    file_size bigint,
    chunks integer,
    error text,
    created_at timestamptz not null,
    started_at timestamptz,
    heartbeat_at timestamptz,
    finished_at timestamptz,
    expires_at timestamptz
);

create index atrium_export_job_waiting on atrium_export_job (created_at) where status in ('queued', 'running');
create index atrium_export_job_expiring on atrium_export_job (expires_at) where status = 'done';
create index atrium_export_job_finished on atrium_export_job (finished_at) where status in ('failed', 'expired');
create index atrium_export_job_creator on atrium_export_job (created_by, created_at);

create table atrium_export_chunk (
    job_id uuid not null references atrium_export_job (id) on delete cascade,
    n integer not null,
    data bytea not null,
    primary key (job_id, n)
);
