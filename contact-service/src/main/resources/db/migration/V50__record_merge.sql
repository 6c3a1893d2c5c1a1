-- Merged contacts and companies (issue 18): the duplicate becomes a deleted tombstone and its id keeps pointing at
-- the survivor (GET answers 301 with its location). When a survivor is merged away in turn, its duplicates are
-- re-pointed, so one lookup always lands on a live record.
create table record_merge (
    kind        text        not null check (kind in ('contact', 'company')),
    merged_id   uuid        not null,
    survivor_id uuid        not null,
    merged_by   text        not null,
    merged_at   timestamptz not null,
    primary key (kind, merged_id)
);

create index record_merge_survivor on record_merge (kind, survivor_id);
