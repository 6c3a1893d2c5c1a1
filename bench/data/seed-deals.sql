-- Fills deal-service's tables (already migrated) with :n deals (default 100,000) in 4 pipelines, deterministically:
-- every value is a function of the row number (hashint8), so two runs with the same n produce the same data.
--   psql -v n=100000 -f bench/data/seed-deals.sql <database>
-- bench/data/seed-service.sh creates and migrates the database and runs this.
--
-- What the list queries see: 200 owners ("user-0".."user-199"; the access scope of a deal is its owner, so "own" is
-- one of them, ~500 deals at 100k, and a team of five ~2,500); 60% of the deals in the "Sales" pipeline; ~58% open,
-- 27% won, 15% lost; 2% deleted; amounts in EUR/USD/GBP (5% without); ~20% tagged with one of 8 tags and 1 in 20,000
-- with the rare tag "strategic-board"; contacts and companies are the ids bench/data/seed-contacts.sql gives its
-- first 100,000 contacts and 5,000 companies; a removed stage ("Legacy") holds a handful of closed deals.
\set ON_ERROR_STOP on
\if :{?n}
\else
\set n 100000
\endif

begin;
truncate deal_stage_change, deal, stage, pipeline cascade;

create function pg_temp.h(i bigint, salt int) returns bigint language sql immutable as
$$ select abs(hashint8(i * 7919 + salt)::bigint) $$;

-- Indexes are dropped for the load and built again afterwards (much faster than maintaining them row by row); the
-- ones that back constraints (primary keys, unique) stay.
create temp table saved_index as
select i.indexrelid::regclass::text as name, pg_get_indexdef(i.indexrelid) as def
from pg_index i join pg_class t on t.oid = i.indrelid
where t.relname in ('deal', 'deal_stage_change', 'stage', 'pipeline') and t.relnamespace = 'public'::regnamespace
    and not exists (select 1 from pg_constraint c where c.conindid = i.indexrelid);
select 'drop index ' || name from saved_index \gexec

create temp table pipelines as
select * from (values (0, 'Sales', 6), (1, 'Renewals', 4), (2, 'Partners', 5), (3, 'Enterprise', 7)) p (k, name, stages);

insert into pipeline (id, version, name, created_by, created_at, updated_by, updated_at)
select md5('pipeline-' || k)::uuid, 1, name, 'user-admin', timestamptz '2023-11-01', 'user-admin',
       timestamptz '2023-11-01'
from pipelines;

-- Stages 0..stages-1 with rising probability, a rotting period on every other one, and a removed "Legacy" stage.
insert into stage (id, pipeline_id, name, position, probability, rotting_days, removed_at)
select md5('stage-' || p.k || '-' || s)::uuid, md5('pipeline-' || p.k)::uuid,
       (array['Lead','Qualified','Discovery','Demo','Proposal','Negotiation','Contract'])[1 + s],
       s, (10 + s * 80 / greatest(p.stages - 1, 1)), case when s % 2 = 1 then 14 + s * 4 end, null
from pipelines p, generate_series(0, 6) s
where s < p.stages
union all
select md5('stage-' || p.k || '-legacy')::uuid, md5('pipeline-' || p.k)::uuid, 'Legacy', 99, 50, null,
       timestamptz '2024-01-01'
from pipelines p;

create temp table words as
select row_number() over () - 1 as k, v from unnest(array[
 'Acme','Northwind','Contoso','Fabrikam','Globex','Initech','Umbrella','Stark','Wayne','Tyrell','Cyberdyne','Hooli',
 'Vandelay','Wonka','Soylent','Aperture','Massive','Dynamic','Blue','Red','Green','Silver','Golden','Pacific',
 'Atlantic','Northern','Southern','Eastern','Western','Summit','Pioneer','Vertex','Quantum','Apex','Nimbus','Orbit',
 'Harbor','Granite','Cedar','Maple','Falcon','Eagle','Lion','Tiger','Bright','Clear','Swift','Prime','Union','Metro'
]) v;
create temp table trades as
select row_number() over () - 1 as k, v from unnest(array[
 'Logistics','Software','Systems','Consulting','Foods','Energy','Health','Media','Labs','Analytics','Capital',
 'Robotics','Textiles','Motors','Pharma','Retail','Networks','Insurance','Builders','Design'
]) v;
create temp table kinds as
select row_number() over () - 1 as k, v from unnest(array[
 'renewal','expansion','new licences','pilot','onboarding','support contract','upgrade','consulting hours',
 'annual plan','migration','training','hardware refresh'
]) v;
create temp table tag_values as
select row_number() over () - 1 as k, v from unnest(array[
 'hot','inbound','partner','upsell','q-end','competitive','public-sector','smb'
]) v;

insert into deal (id, version, title, pipeline_id, stage_id, status, amount, currency, expected_close_date, owner_id,
                  primary_contact_id, contact_ids, company_id, lead_source, tags, custom_fields, lost_reason,
                  close_note, closed_at, closed_by, stage_entered_at, created_by, created_at, updated_by, updated_at,
                  deleted_at)
select id, 1, title, md5('pipeline-' || pk)::uuid,
       case when legacy then md5('stage-' || pk || '-legacy')::uuid else md5('stage-' || pk || '-' || sk)::uuid end,
       status, amount, currency, close_date, owner_id, contact_ids[1], contact_ids, company_id, lead_source, tags,
       '{}', case when status = 'lost' then 'price' end, null,
       case when status <> 'open' then stage_entered_at end, case when status <> 'open' then owner_id end,
       stage_entered_at, owner_id, created_at, owner_id, updated_at,
       case when pg_temp.h(i, 40) % 50 = 0 then updated_at end
from (
    select i, md5('deal-' || i)::uuid as id, pk, pg_temp.h(i, 31) % p.stages as sk,
           pg_temp.h(i, 32) % 5000 = 0 as legacy,
           w.v || ' ' || t.v || ' ' || kd.v || ' (' || (5 + pg_temp.h(i, 33) % 495) || ' seats)' as title,
           case when pg_temp.h(i, 32) % 5000 = 0 then 'won'
                when pg_temp.h(i, 34) % 100 < 58 then 'open'
                when pg_temp.h(i, 34) % 100 < 85 then 'won' else 'lost' end as status,
           case when pg_temp.h(i, 35) % 20 = 0 then null
                else round((500 + pg_temp.h(i, 36) % 250000)::numeric + (pg_temp.h(i, 36) % 100) / 100.0, 2) end
               as amount,
           case when pg_temp.h(i, 35) % 20 = 0 then null
                else (array['EUR','EUR','USD','GBP','EUR','USD','EUR','USD','EUR','EUR'])[1 + pg_temp.h(i, 37) % 10]
               end as currency,
           case when pg_temp.h(i, 38) % 10 = 0 then null
                else date '2024-01-01' + (pg_temp.h(i, 39) % (3 * 365))::int end as close_date,
           'user-' || pg_temp.h(i, 41) % 200 as owner_id,
           case when pg_temp.h(i, 42) % 5 = 0 then '{}'::uuid[]
                when pg_temp.h(i, 42) % 5 < 4 then array[md5('contact-' || (1 + pg_temp.h(i, 43) % 100000))::uuid]
                else array[md5('contact-' || (1 + pg_temp.h(i, 43) % 100000))::uuid,
                           md5('contact-' || (1 + pg_temp.h(i, 44) % 100000))::uuid] end as contact_ids,
           case when pg_temp.h(i, 45) % 20 < 3 then null
                else md5('company-' || (1 + pg_temp.h(i, 46) % 5000))::uuid end as company_id,
           (array['web','referral','event','outbound','partner','ads'])[1 + pg_temp.h(i, 47) % 6] as lead_source,
           case when pg_temp.h(i, 48) % 5 = 0 then array[tv.v] else '{}'::text[] end
               || case when pg_temp.h(i, 49) % 20000 = 0 then array['strategic-board'] else '{}' end as tags,
           created_at,
           created_at + (pg_temp.h(i, 50) % (120 * 86400)) * interval '1 second' as stage_entered_at,
           created_at + (pg_temp.h(i, 51) % (150 * 86400)) * interval '1 second' as updated_at
    from (select i, (array[0,0,0,0,0,0,1,1,2,3])[1 + pg_temp.h(i, 30) % 10] as pk,
                 timestamptz '2023-12-01' + (pg_temp.h(i, 52) % (3 * 365 * 86400 - 200 * 86400)) * interval '1 second'
                     as created_at
          from generate_series(1, :n) i) g
    join pipelines p on p.k = g.pk
    join words w on w.k = pg_temp.h(i, 53) % 50
    join trades t on t.k = pg_temp.h(i, 54) % 20
    join kinds kd on kd.k = pg_temp.h(i, 55) % 12
    join tag_values tv on tv.k = pg_temp.h(i, 56) % 8
) d;

-- Stage history: the stage each deal was created in, and for about half of them one move to the stage it is in now.
insert into deal_stage_change (id, deal_id, from_pipeline_id, from_stage_id, to_pipeline_id, to_stage_id, changed_by,
                               changed_at, millis_in_previous_stage)
select md5('change-' || d.id || '-1')::uuid, d.id, null, null, d.pipeline_id,
       case when pg_temp.h(row_number() over (order by d.id), 60) % 2 = 0 then s0.id else d.stage_id end,
       d.created_by, d.created_at, null
from deal d join stage s0 on s0.pipeline_id = d.pipeline_id and s0.position = 0;
insert into deal_stage_change (id, deal_id, from_pipeline_id, from_stage_id, to_pipeline_id, to_stage_id, changed_by,
                               changed_at, millis_in_previous_stage)
select md5('change-' || c.deal_id || '-2')::uuid, c.deal_id, c.to_pipeline_id, c.to_stage_id, d.pipeline_id,
       d.stage_id, d.owner_id, d.stage_entered_at,
       (extract(epoch from d.stage_entered_at - c.changed_at) * 1000)::bigint
from deal_stage_change c join deal d on d.id = c.deal_id
where c.to_stage_id <> d.stage_id;

select def from saved_index \gexec
commit;

vacuum analyze pipeline;
vacuum analyze stage;
vacuum analyze deal;
vacuum analyze deal_stage_change;
