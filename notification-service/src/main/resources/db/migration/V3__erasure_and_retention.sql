-- Erasure (docs/privacy.md): every stored copy of a person's data is found by index, in the transaction that applies
-- crm.contact.erased.v1 or an owner's scrubbed update, without scanning text.

-- The contacts each activity, task and ticket has referenced (ids only), from their events: erasing a contact finds
-- the records whose notifications, emails and watches may name them.
create table contact_link (
    contact_id  uuid not null,
    record_type text not null check (record_type in ('activity', 'task', 'ticket')),
    record_id   uuid not null,
    primary key (contact_id, record_type, record_id)
);

-- Contacts contact-service erased: an event from before the erasure that arrives after it is scrubbed on arrival.
create table erased_contact (
    contact_id uuid        primary key,
    erased_at  timestamptz not null
);

create index notification_link on notification (link_id, link_type);

-- The link ids of the notifications an email carries (one, or a digest's).
alter table email_message add column about text[] not null default '{}';
create index email_message_about on email_message using gin (about);

-- What a delivery's event carries personal data about: the contact of a contact event; the activity, task or ticket
-- of theirs and the contacts it references. erased_at: the payload was replaced by a marker (never sent again).
alter table webhook_delivery add column about uuid[] not null default '{}';
alter table webhook_delivery add column erased_at timestamptz;
create index webhook_delivery_about on webhook_delivery using gin (about);
alter table webhook_delivery drop constraint webhook_delivery_status_check;
alter table webhook_delivery add constraint webhook_delivery_status_check
    check (status in ('pending', 'succeeded', 'failed', 'erased'));

update webhook_delivery d set about = array(
    select distinct cast(id as uuid)
    from (
        select e.event ->> 'subject' as id
        where e.event ->> 'type' like 'crm.contact.%' and e.event ->> 'type' <> 'crm.contact.erased.v1'
           or e.event ->> 'type' similar to 'crm.(activity|task|ticket).%'
        union all
        select jsonb_path_query(e.event, '$.data.*.contactIds[*]') #>> '{}'
        where e.event ->> 'type' similar to 'crm.(activity|task).%'
        union all
        select jsonb_path_query(e.event, '$.data.activity.attendees[*].contactId') #>> '{}'
        where e.event ->> 'type' like 'crm.activity.%'
        union all
        select e.event -> 'data' -> 'ticket' ->> 'requesterContactId'
        where e.event ->> 'type' like 'crm.ticket.%'
    ) ids
    where id is not null)
from (select id, cast(convert_from(payload, 'UTF8') as jsonb) as event from webhook_delivery) e
where e.id = d.id;

-- Retention (atrium.notifications.retention): what the pruning deletes, oldest first, by index.
create index notification_read_at on notification (read_at) where read_at is not null;
create index notification_unread_created_at on notification (created_at) where read_at is null;
create index email_message_sent_at on email_message (sent_at) where status = 'sent';
create index email_message_failed_created_at on email_message (created_at) where status = 'failed';
