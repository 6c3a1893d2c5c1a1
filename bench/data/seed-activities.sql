-- Fills activity-service's tables (already migrated) with :n activities (default 1,000,000), :n/5 tasks and :n/10
-- tickets, deterministically: every value is a function of the row number (hashint8), so two runs with the same n
-- produce the same data.
--   psql -v n=1000000 -f bench/data/seed-activities.sql <database>
-- bench/data/seed-service.sh creates and migrates the database and runs this.
--
-- What the list queries see: activities are authored by 200 users ("user-0".."user-199"; an activity's access scope
-- is its author), tasks assigned to them, tickets assigned to 50 agents ("user-200".."user-249") in 5 teams
-- (md5('team-k')::uuid, k = 0..4). Contacts, companies and deals are the ids bench/data/seed-contacts.sql and
-- seed-deals.sql give (100,000 contacts, 5,000 companies, 100,000 deals). One customer, md5('contact-1')::uuid, has
-- a long timeline: 1 activity in 111, 1 task in 400 and 1 ticket in 200 name them (~9,000 + 500 + 500 at 1M).
-- Subjects and bodies are sentences from fixed lists; "kubernetes" is in 1 body in 50,000, "zanzibar" in none.
\set ON_ERROR_STOP on
\if :{?n}
\else
\set n 1000000
\endif

begin;
truncate ticket_status_change, ticket_message, ticket, task, activity, contact_address;

create function pg_temp.h(i bigint, salt int) returns bigint language sql immutable as
$$ select abs(hashint8(i * 7919 + salt)::bigint) $$;
create function pg_temp.contact(i bigint) returns uuid language sql immutable as
$$ select md5('contact-' || (1 + i % 100000))::uuid $$;

-- Indexes are dropped for the load and built again afterwards; the ones that back constraints stay.
create temp table saved_index as
select i.indexrelid::regclass::text as name, pg_get_indexdef(i.indexrelid) as def
from pg_index i join pg_class t on t.oid = i.indrelid
where t.relname in ('activity', 'task', 'ticket', 'ticket_message', 'ticket_status_change')
    and t.relnamespace = 'public'::regnamespace
    and not exists (select 1 from pg_constraint c where c.conindid = i.indexrelid);
select 'drop index ' || name from saved_index \gexec

create temp table subjects as
select row_number() over () - 1 as k, v from unnest(array[
 'Intro call','Follow-up on pricing','Quarterly business review','Contract renewal','Onboarding kickoff',
 'Support escalation','Demo of the analytics module','Invoice question','Security questionnaire','Roadmap briefing',
 'Procurement update','Reference call','Training session','Upsell discussion','Renewal negotiation',
 'Technical deep dive','Legal review of the contract','Budget planning','Churn risk check-in','Executive sponsor meeting'
]) v;
create temp table sentences as
select row_number() over () - 1 as k, v from unnest(array[
 'They asked for a revised quote with volume pricing.','Next step is a call with their IT team next week.',
 'The champion moved to another department.','Legal wants changes to the liability clause.',
 'Budget is approved for the next fiscal year.','They compare us with two competitors.',
 'Sent the security whitepaper and the data processing agreement.','Invoice 4711 was paid late again.',
 'Renewal is due at the end of the quarter.','They want single sign-on before they roll out to everyone.',
 'Onboarding went well, twelve users are active.','The integration with their ERP keeps failing at night.',
 'Asked for a discount because of the delayed delivery.','Scheduled a workshop with the operations manager.',
 'The pilot covers three sites in the north.','They report slow exports from the reporting module.',
 'Procurement needs a supplier registration form.','Discussed the roadmap for mobile apps.',
 'Left a voicemail, will try again tomorrow.','Agreed on a two year term with annual billing.',
 'Their CFO joined the call and asked about payment terms.','Shared the case study of a similar customer.',
 'The support ticket about the import was escalated.','They plan to expand to the Spanish subsidiary.'
]) v;
create temp table titles as
select row_number() over () - 1 as k, v from unnest(array[
 'Send the revised quote','Call back about the renewal','Prepare the QBR deck','Check the signed contract',
 'Book the onboarding workshop','Follow up on the unpaid invoice','Answer the security questionnaire',
 'Schedule the demo','Update the forecast','Ask for a reference'
]) v;

insert into activity (id, version, type, subject, body, occurred_at, contact_ids, company_id, deal_id, direction,
                      duration_seconds, outcome, email_from, email_to, email_cc, message_id, thread_id, starts_at,
                      ends_at, attendees, location, redacted, created_by, created_at, updated_by, updated_at,
                      deleted_at)
select md5('activity-' || i)::uuid, 1, type, s.v,
       s1.v || ' ' || s2.v
           || case when pg_temp.h(i, 70) % 3 = 0 then ' ' || s3.v else '' end
           || case when pg_temp.h(i, 71) % 50000 = 0 then ' They run everything on kubernetes.' else '' end,
       occurred_at, contact_ids,
       case when pg_temp.h(i, 72) % 5 = 0 then null else md5('company-' || (1 + pg_temp.h(i, 73) % 5000))::uuid end,
       case when pg_temp.h(i, 74) % 10 < 3 then md5('deal-' || (1 + pg_temp.h(i, 75) % 100000))::uuid end,
       case when type in ('call', 'email') then (array['inbound','outbound'])[1 + pg_temp.h(i, 76) % 2] end,
       case when type = 'call' then (30 + pg_temp.h(i, 77) % 3600)::int end,
       case when type = 'call'
            then (array['connected','no-answer','left-voicemail','busy','wrong-number'])[1 + pg_temp.h(i, 78) % 5] end,
       case when type = 'email' then 'rep' || pg_temp.h(i, 79) % 200 || '@atrium.example' end,
       case when type = 'email' then array['buyer' || pg_temp.h(i, 80) % 100000 || '@customer.example']
            else '{}'::text[] end,
       '{}'::text[],
       case when type = 'email' then '<' || md5('message-' || i) || '@atrium.example>' end,
       case when type = 'email' then md5('thread-' || i / 3) end,
       case when type = 'meeting' then occurred_at end,
       case when type = 'meeting' then occurred_at + interval '45 minutes' end,
       case when type = 'meeting'
            then jsonb_build_array(jsonb_build_object('contactId', contact_ids[1], 'name', null, 'email', null))
            else '[]'::jsonb end,
       case when type = 'meeting' then (array['Zoom','Teams','On site','Phone'])[1 + pg_temp.h(i, 81) % 4] end,
       false, author, occurred_at + interval '5 minutes', author, occurred_at + interval '5 minutes',
       case when pg_temp.h(i, 82) % 100 = 0 then occurred_at + interval '1 day' end
from (
    select i,
           (array['call','call','call','email','email','email','email','meeting','meeting','note'])
               [1 + pg_temp.h(i, 83) % 10] as type,
           timestamptz '2023-12-01' + (pg_temp.h(i, 84) % (3 * 365 * 86400 - 30 * 86400)) * interval '1 second'
               as occurred_at,
           case when i % 111 = 0 then array[md5('contact-1')::uuid]
                when pg_temp.h(i, 85) % 10 = 0 then '{}'::uuid[]
                when pg_temp.h(i, 85) % 10 < 8 then array[pg_temp.contact(pg_temp.h(i, 86))]
                else array[pg_temp.contact(pg_temp.h(i, 86)), pg_temp.contact(pg_temp.h(i, 87))] end as contact_ids,
           'user-' || pg_temp.h(i, 88) % 200 as author
    from generate_series(1, :n) i
) a
join subjects s on s.k = pg_temp.h(i, 89) % 20
join sentences s1 on s1.k = pg_temp.h(i, 90) % 24
join sentences s2 on s2.k = pg_temp.h(i, 91) % 24
join sentences s3 on s3.k = pg_temp.h(i, 92) % 24;

insert into task (id, version, title, description, due_at, reminder_at, priority, assignee, status, contact_ids,
                  company_id, deal_id, completed_by, completed_at, created_by, created_at, updated_by, updated_at)
select md5('task-' || i)::uuid, 1, ti.v, null,
       case when pg_temp.h(i, 100) % 5 = 0 then null
            else created_at + (pg_temp.h(i, 101) % (60 * 86400)) * interval '1 second' end,
       null, (array['low','normal','normal','high','urgent'])[1 + pg_temp.h(i, 102) % 5], assignee, status,
       case when i % 400 = 0 then array[md5('contact-1')::uuid]
            when pg_temp.h(i, 103) % 4 = 0 then '{}'::uuid[]
            else array[pg_temp.contact(pg_temp.h(i, 104))] end,
       case when pg_temp.h(i, 105) % 2 = 0 then md5('company-' || (1 + pg_temp.h(i, 106) % 5000))::uuid end,
       case when pg_temp.h(i, 107) % 3 = 0 then md5('deal-' || (1 + pg_temp.h(i, 108) % 100000))::uuid end,
       case when status = 'done' then assignee end, case when status = 'done' then created_at + interval '2 days' end,
       creator, created_at, creator, created_at + interval '2 days'
from (
    select i, 'user-' || pg_temp.h(i, 109) % 200 as assignee,
           case when pg_temp.h(i, 110) % 10 < 7 then 'user-' || pg_temp.h(i, 109) % 200
                else 'user-' || pg_temp.h(i, 111) % 200 end as creator,
           case when pg_temp.h(i, 112) % 10 < 4 then 'open' when pg_temp.h(i, 112) % 10 < 9 then 'done'
                else 'cancelled' end as status,
           timestamptz '2023-12-01' + (pg_temp.h(i, 113) % (3 * 365 * 86400 - 30 * 86400)) * interval '1 second'
               as created_at
    from generate_series(1, greatest(:n / 5, 1)) i
) t
join titles ti on ti.k = pg_temp.h(i, 114) % 10;

select setval('ticket_number', 1000 + greatest(:n / 10, 1));
insert into ticket (id, number, version, subject, description, status, priority, channel, requester_contact_id,
                    company_id, assignee, team, first_response_due_at, resolution_due_at, first_responded_at,
                    resolved_at, closed_at, first_response_breached_at, resolution_breached_at, redacted, created_by,
                    created_at, updated_by, updated_at)
select md5('ticket-' || i)::uuid, 1000 + i, 1, s.v, null, status,
       (array['low','normal','normal','high','urgent'])[1 + pg_temp.h(i, 120) % 5],
       (array['email','phone','web','chat'])[1 + pg_temp.h(i, 121) % 4],
       case when i % 200 = 0 then md5('contact-1')::uuid
            when pg_temp.h(i, 122) % 20 = 0 then null else pg_temp.contact(pg_temp.h(i, 123)) end,
       case when pg_temp.h(i, 124) % 5 = 0 then null else md5('company-' || (1 + pg_temp.h(i, 125) % 5000))::uuid end,
       case when pg_temp.h(i, 126) % 100 < 15 then null else 'user-' || 200 + pg_temp.h(i, 127) % 50 end,
       case when pg_temp.h(i, 128) % 10 = 0 then null else md5('team-' || pg_temp.h(i, 129) % 5)::uuid::text end,
       created_at + interval '4 hours', created_at + interval '3 days',
       case when status <> 'new' then created_at + interval '2 hours' end,
       case when status in ('resolved', 'closed') then created_at + interval '2 days' end,
       case when status = 'closed' then created_at + interval '9 days' end,
       case when pg_temp.h(i, 130) % 20 = 0 then created_at + interval '4 hours' end,
       case when pg_temp.h(i, 131) % 10 = 0 then created_at + interval '3 days' end,
       false, 'user-' || 200 + pg_temp.h(i, 132) % 50, created_at, 'user-' || 200 + pg_temp.h(i, 132) % 50,
       created_at + interval '2 days'
from (
    select i, (array['new','open','open','open','pending','pending','resolved','resolved','resolved','closed',
                     'closed','closed','closed','closed','closed','closed','closed','closed','closed','closed'])
                  [1 + pg_temp.h(i, 133) % 20] as status,
           timestamptz '2023-12-01' + (pg_temp.h(i, 134) % (3 * 365 * 86400 - 30 * 86400)) * interval '1 second'
               as created_at
    from generate_series(1, greatest(:n / 10, 1)) i
) t
join subjects s on s.k = pg_temp.h(i, 135) % 20;

insert into ticket_message (id, ticket_id, visibility, body, author, created_at)
select md5('message-' || t.id || '-' || m)::uuid, t.id, case when m = 2 then 'internal' else 'public' end,
       'Message ' || m || ' about ' || t.subject, t.created_by, t.created_at + m * interval '1 hour'
from ticket t, generate_series(1, 2) m;
insert into ticket_status_change (id, ticket_id, from_status, to_status, changed_by, changed_at)
select md5('status-' || t.id)::uuid, t.id, null, 'new', t.created_by, t.created_at from ticket t;

select def from saved_index \gexec
commit;

vacuum analyze activity;
vacuum analyze task;
vacuum analyze ticket;
vacuum analyze ticket_message;
vacuum analyze ticket_status_change;
