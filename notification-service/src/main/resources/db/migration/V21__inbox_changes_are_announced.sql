-- Live inbox (issue 16): every replica LISTENs on atrium_inbox and tells the recipient's open browsers that their inbox
-- changed. The trigger announces each new in-app notification and each change to whether one is read, in the
-- transaction that makes it, so PostgreSQL delivers the announcement only when that transaction commits (and once per
-- recipient per transaction). The payload is the recipient's user id, nothing of the notification.
create function atrium_inbox_announce() returns trigger language plpgsql as $$
begin
    if new.in_app then
        perform pg_notify('atrium_inbox', new.recipient);
    end if;
    return null;
end
$$;

create trigger notification_announce
    after insert or update of read_at on notification
    for each row execute function atrium_inbox_announce();
