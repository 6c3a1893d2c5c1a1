-- Company lists at scale (issue 15): q's domain substring through a trigram index of its own (the name has one), so
-- CompanyRepository.list finds candidates by index instead of scanning every company; and an index for each filter
-- and sort the list offers (owner, industry, tag; created, updated), partial on live rows like the others.
create index company_domain_trgm on company using gin (domain gin_trgm_ops) where deleted_at is null;
create index company_owner on company (owner_id, id) where deleted_at is null;
create index company_industry on company (industry, id) where deleted_at is null;
create index company_tags on company using gin (tags) where deleted_at is null;
create index company_created on company (created_at, id) where deleted_at is null;
create index company_updated on company (updated_at, id) where deleted_at is null;
