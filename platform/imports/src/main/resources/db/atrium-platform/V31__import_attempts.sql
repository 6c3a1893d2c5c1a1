-- A run that fails for a reason other than its file (a bug, a full disk) is retried a few times, then fails for good
-- instead of being claimed again forever.
alter table atrium_import_job add column attempts integer not null default 0;
