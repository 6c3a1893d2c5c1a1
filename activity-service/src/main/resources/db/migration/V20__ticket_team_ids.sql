-- Record access (issue 14): a ticket's team is a directory team id (a uuid, as text), so that support reaches the
-- tickets of its own team. Free-text team names written before cannot be matched to a team: they are cleared (the
-- ticket stays, unassigned to a team, and remains its assignee's or creator's).
update ticket set team = null
where team is not null
    and team !~* '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$';

-- The access scopes filter on owner (assignee, else creator) and team.
create index ticket_owner on ticket ((coalesce(assignee, created_by)));
create index ticket_team on ticket (team) where team is not null;
create index task_owner on task ((coalesce(assignee, created_by)));
create index activity_author on activity (created_by) where deleted_at is null;
