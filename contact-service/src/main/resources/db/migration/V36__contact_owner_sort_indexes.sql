-- Keyset pages of a narrower record-access scope (team, own): ContactRepository.listSql reads one page per subject
-- from these (owner, sort key, id) indexes and merges them, instead of walking everyone's contacts in sort order
-- and skipping those of other owners (issue 15).
create index contact_owner_sort_name on contact ((coalesce(owner_id, created_by)), sort_name, id)
    where deleted_at is null;
create index contact_owner_created on contact ((coalesce(owner_id, created_by)), created_at, id)
    where deleted_at is null;
create index contact_owner_updated on contact ((coalesce(owner_id, created_by)), updated_at, id)
    where deleted_at is null;
