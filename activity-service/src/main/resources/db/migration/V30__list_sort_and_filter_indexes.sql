-- Issue 15: every list's sort and filter has an index path at 1M activities, 200k tasks, 100k tickets
-- (docs/performance.md, "Deals and activities: search and filters"; ActivityQueryPlanTests fails on a sequential scan).

-- Activities: the created sort had no index; one author's activities (the "own" scope, the author filter) are read in
-- occurred order from one index instead of all of them being sorted. It replaces activity_author (its prefix).
create index activity_created on activity (created_at, id) where deleted_at is null;
create index activity_author_occurred on activity (created_by, occurred_at, id) where deleted_at is null;
drop index activity_author;

-- Tasks: the created and updated sorts had no index, and an assignee's tasks whatever their status none: one per
-- sort, so that an assignee's page is read in order (for an assignee with no tasks the planner would otherwise walk
-- a sort index through every task).
create index task_sort_created on task (created_at, id);
create index task_sort_updated on task (updated_at, id);
create index task_assignee_sort_due on task (assignee, coalesce(due_at, 'infinity'::timestamptz), id);
create index task_assignee_sort_created on task (assignee, created_at, id);
create index task_assignee_sort_updated on task (assignee, updated_at, id);

-- Tickets: the updated and resolution-due sorts had no index; an assignee's tickets of every status (ticket_assignee
-- held the unresolved ones only; this one serves those too).
create index ticket_sort_updated on ticket (updated_at, id);
create index ticket_sort_resolution_due on ticket (resolution_due_at, id);
drop index ticket_assignee;
create index ticket_assignee on ticket (assignee);
