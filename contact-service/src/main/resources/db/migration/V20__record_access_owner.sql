-- Record access (platform/access) filters every list and search by whose record it is: its owner, or else its
-- creator. These indexes serve that condition and the bulk reassignment that finds a user's records.
create index contact_access_owner on contact ((coalesce(owner_id, created_by)), id) where deleted_at is null;
create index company_access_owner on company ((coalesce(owner_id, created_by)), id) where deleted_at is null;
