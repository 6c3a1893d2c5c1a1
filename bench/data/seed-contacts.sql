-- Fills contact-service's tables (already migrated) with :n contacts and :n/20 companies, deterministically: every
-- value is a function of the row number (hashint4), so two runs with the same n produce the same data.
--   psql -v n=1000000 -f bench/data/seed-contacts.sql <database>
-- bench/data/seed.sh creates and migrates the database and runs this.
\set ON_ERROR_STOP on
\if :{?n}
\else
\set n 100000
\endif

begin;
truncate contact_email, contact, company;

create temp table first_names as
select row_number() over () - 1 as k, v from unnest(array[
 'James','Mary','Robert','Patricia','John','Jennifer','Michael','Linda','David','Elizabeth','William','Barbara',
 'Richard','Susan','Joseph','Jessica','Thomas','Sarah','Charles','Karen','Christopher','Lisa','Daniel','Nancy',
 'Matthew','Betty','Anthony','Margaret','Mark','Sandra','Donald','Ashley','Steven','Kimberly','Paul','Emily',
 'Andrew','Donna','Joshua','Michelle','Kenneth','Carol','Kevin','Amanda','Brian','Dorothy','George','Melissa',
 'Timothy','Deborah','Ronald','Stephanie','Edward','Rebecca','Jason','Sharon','Jeffrey','Laura','Ryan','Cynthia',
 'Jacob','Kathleen','Gary','Amy','Nicholas','Angela','Eric','Shirley','Jonathan','Anna','Stephen','Brenda',
 'Larry','Pamela','Justin','Emma','Scott','Nicole','Brandon','Helen','Benjamin','Samantha','Samuel','Katherine',
 'Gregory','Christine','Alexander','Debra','Frank','Rachel','Patrick','Carolyn','Raymond','Janet','Jack',
 'Catherine','Dennis','Maria','Jerry','Heather','Tyler','Diane','Aaron','Ruth','Jose','Julie','Adam','Olivia',
 'Henry','Joyce','Nathan','Virginia','Douglas','Victoria','Zachary','Kelly','Peter','Lauren','Kyle','Christina',
 'Jürgen','Søren','François','Zoë','Łukasz','Ines','Mateo','Yuki','Priya','Wei','Olga','Ahmed','Fatima','Kofi'
]) v;
create temp table last_names as
select row_number() over () - 1 as k, v from unnest(array[
 'Smith','Johnson','Williams','Brown','Jones','Garcia','Miller','Davis','Rodriguez','Martinez','Hernandez','Lopez',
 'Gonzalez','Wilson','Anderson','Thomas','Taylor','Moore','Jackson','Martin','Lee','Perez','Thompson','White',
 'Harris','Sanchez','Clark','Ramirez','Lewis','Robinson','Walker','Young','Allen','King','Wright','Scott','Torres',
 'Nguyen','Hill','Flores','Green','Adams','Nelson','Baker','Hall','Rivera','Campbell','Mitchell','Carter','Roberts',
 'Gomez','Phillips','Evans','Turner','Diaz','Parker','Cruz','Edwards','Collins','Reyes','Stewart','Morris','Morales',
 'Murphy','Cook','Rogers','Gutierrez','Ortiz','Morgan','Cooper','Peterson','Bailey','Reed','Kelly','Howard','Ramos',
 'Kim','Cox','Ward','Richardson','Watson','Brooks','Chavez','Wood','James','Bennett','Gray','Mendoza','Ruiz',
 'Hughes','Price','Alvarez','Castillo','Sanders','Patel','Myers','Long','Ross','Foster','Jimenez','Müller',
 'Schmidt','Schneider','Fischer','Weber','Meyer','Wagner','Becker','Schulz','Hoffmann','Kowalski','Nowak',
 'Wiśniewski','Rossi','Russo','Ferrari','Esposito','Bianchi','Dubois','Lefebvre','Moreau','Laurent','Tanaka',
 'Suzuki','Takahashi','Watanabe','Yamamoto','Okafor','Mensah','Andersson','Johansson','Karlsson','Nielsen',
 'Hansen','Larsen','Novak','Horvat','Popescu','Ivanov','Petrov','Kuznetsov','Silva','Santos','Oliveira','Costa'
]) v;
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
create temp table suffixes as
select row_number() over () - 1 as k, v from unnest(array['Inc','GmbH','Ltd','LLC','SA','AG','BV','Group','Co','']) v;
create temp table titles as
select row_number() over () - 1 as k, v from unnest(array[
 'CEO','CTO','CFO','VP Sales','Head of Marketing','Account Executive','Sales Manager','Software Engineer',
 'Product Manager','Office Manager','Procurement Lead','Operations Director','Consultant','Buyer','Analyst',
 'Customer Success Manager','Founder','Designer','HR Manager','IT Administrator'
]) v;
create temp table tag_values as
select row_number() over () - 1 as k, v from unnest(array[
 'vip','newsletter','event-2025','partner','churn-risk','trial','enterprise','smb','referral','webinar'
]) v;
create temp table stages as
select row_number() over () - 1 as k, v from unnest(array[
 'subscriber','lead','marketing-qualified','sales-qualified','opportunity','customer','evangelist','other'
]) v;
create temp table domains as
select row_number() over () - 1 as k, v from unnest(array[
 'gmail.com','outlook.com','yahoo.com','icloud.com','proton.me','web.de','gmx.de','mail.com'
]) v;

-- h(i, salt): a deterministic non-negative pseudo-random integer.
create function pg_temp.h(i bigint, salt int) returns bigint language sql immutable as
$$ select abs(hashint8(i * 7919 + salt)::bigint) $$;

-- Companies: one per 20 contacts, 1000 users own records ("user-0".."user-999"), ~20% unowned.
insert into company (id, version, name, domain, industry, size, owner_id, tags, created_by, created_at, updated_by,
                     updated_at)
select md5('company-' || i)::uuid, 1,
       trim(w.v || ' ' || t.v || ' ' || s.v),
       lower(w.v || t.v) || i || '.example',
       t.v, (array['1-10','11-50','51-200','201-1000','1000+'])[1 + pg_temp.h(i, 5) % 5],
       case when pg_temp.h(i, 6) % 5 = 0 then null else 'user-' || pg_temp.h(i, 7) % 1000 end,
       '{}', 'user-' || pg_temp.h(i, 8) % 1000,
       timestamptz '2023-01-01' + (pg_temp.h(i, 9) % (3 * 365 * 86400)) * interval '1 second',
       'user-' || pg_temp.h(i, 8) % 1000,
       timestamptz '2023-01-01' + (pg_temp.h(i, 9) % (3 * 365 * 86400)) * interval '1 second'
from generate_series(1, greatest(:n / 20, 1)) i
join words w on w.k = pg_temp.h(i, 1) % 50
join trades t on t.k = pg_temp.h(i, 2) % 20
join suffixes s on s.k = pg_temp.h(i, 3) % 10;

-- Contacts: 90% at a company, ~30% tagged (1-2 of 10 common tags, 1 in 20,000 'board-member'), emails/phones, 3 years of creation dates.
insert into contact (id, version, first_name, last_name, emails, phones, job_title, company_id, owner_id,
                     lifecycle_stage, lead_source, tags, consent_status, created_by, created_at, updated_by, updated_at,
                     search_text)
select id, 1, first_name, last_name, jsonb_build_array(jsonb_build_object('address', email, 'primary', true)),
       jsonb_build_array(jsonb_build_object('number', phone)), title, company_id, owner_id, stage,
       (array['web','referral','event','import','ads'])[1 + pg_temp.h(i, 20) % 5], tags, 'unknown',
       created_by, created_at, created_by, created_at + (pg_temp.h(i, 21) % (90 * 86400)) * interval '1 second',
       lower(concat_ws(' ', first_name, last_name, title, email, phone, regexp_replace(phone, '[^0-9]', '', 'g')))
from (
    select i, md5('contact-' || i)::uuid as id, f.v as first_name, l.v as last_name, ti.v as title,
           lower(translate(f.v || '.' || l.v, 'üøçëŁłśé', 'uoceLlse')) || i || '@' || d.v as email,
           '+1 555 ' || lpad((pg_temp.h(i, 13) % 10000000)::text, 7, '0') as phone,
           case when pg_temp.h(i, 14) % 10 = 0 then null
                else md5('company-' || (1 + pg_temp.h(i, 15) % greatest(:n / 20, 1)))::uuid end as company_id,
           case when pg_temp.h(i, 16) % 5 = 0 then null else 'user-' || pg_temp.h(i, 17) % 1000 end as owner_id,
           st.v as stage,
           case when pg_temp.h(i, 18) % 10 < 7 then '{}'::text[]
                when pg_temp.h(i, 18) % 10 < 9 then array[t1.v]
                else array[t1.v, t2.v] end
               -- and a rare tag on 1 in 20,000: ~50 rows at 1M, too few for the planner's statistics to know it
               || case when pg_temp.h(i, 27) % 20000 = 0 then array['board-member'] else '{}' end as tags,
           'user-' || pg_temp.h(i, 19) % 1000 as created_by,
           timestamptz '2023-01-01' + (pg_temp.h(i, 22) % (3 * 365 * 86400)) * interval '1 second' as created_at
    from generate_series(1, :n) i
    join first_names f on f.k = pg_temp.h(i, 10) % (select count(*) from first_names)
    join last_names l on l.k = pg_temp.h(i, 11) % (select count(*) from last_names)
    join titles ti on ti.k = pg_temp.h(i, 12) % 20
    join domains d on d.k = pg_temp.h(i, 23) % 8
    join stages st on st.k = pg_temp.h(i, 24) % 8
    join tag_values t1 on t1.k = pg_temp.h(i, 25) % 10
    join tag_values t2 on t2.k = (pg_temp.h(i, 25) + 1 + pg_temp.h(i, 26) % 9) % 10
) c;

insert into contact_email (email, contact_id)
select e ->> 'address', id from contact, jsonb_array_elements(emails) e;
commit;

vacuum analyze company;
vacuum analyze contact;
vacuum analyze contact_email;
