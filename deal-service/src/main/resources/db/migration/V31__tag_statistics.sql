-- The planner must know rare tags (issue 15). A tag filter is a user's pick, and with the default statistics a tag on
-- a handful of deals — or one nobody has — is often missing from the sampled element list, so its selectivity is a
-- guess; then walking the sort index "until 50 match" looks cheap and reads the whole table instead of the tag's few
-- rows through deal_tags (GIN). A larger target samples up to 300,000 rows and keeps up to 10,000 elements.
alter table deal alter column tags set statistics 1000;
