-- Duplicate detection (issue 18, ADR 22). Candidate pairs of contacts and of companies are kept in duplicate_pair,
-- maintained by the statement-level triggers below from the contact and company rows — so single creates, the batch
-- API, imports (a thousand rows per statement) and merges keep it right alike, and listing the pairs is an indexed
-- read. A pair is (kind, first_id, second_id) with first_id < second_id (ids are time-ordered: the older record
-- first), its score 0..1 and its reasons [{code, detail}].
--
-- What makes two contacts alike:
--   same-email                 one mailbox: addresses equal after lower-casing, dropping a +tag from the local part
--                              and, for Gmail, its dots (exactly equal emails cannot exist: they are unique);
--   same-phone                 the same number: the last 9 digits of numbers of at least 7 digits, so
--                              "+44 20 7946 0000" and "020 7946 0000" are one;
--   similar-name-same-company  at the same company, names with a trigram similarity of at least 0.6.
-- What makes two companies alike:
--   same-domain                the same registrable domain (eu.acme.com and acme.com; exactly equal domains cannot
--                              exist: they are unique);
--   similar-name               names with a trigram similarity of at least 0.5 once case, punctuation and legal forms
--                              (Inc, Ltd, GmbH…) are set aside.
-- The score combines the reasons' weights as independent evidence: 1 - Π(1 - w), w = 0.9 for an email, 0.7 for a
-- phone, 0.8 for a domain and 0.8 × similarity for a name.
-- One mailbox however it is written: ada+crm@Example.org is ada@example.org, a.da@gmail.com is ada@gmail.com.
create function duplicate_mailbox(address text) returns text language sql immutable parallel safe as
$$
select case when d in ('gmail.com', 'googlemail.com') then replace(l, '.', '') || '@gmail.com' else l || '@' || d end
from (select split_part(regexp_replace(a, '@[^@]*$', ''), '+', 1) as l, substring(a from '@([^@]*)$') as d
      from (select lower(btrim(address)) as a) x) y
$$;

-- A phone number's key: its last 9 digits, for numbers of at least 7 digits (shorter ones are extensions).
create function duplicate_phone(number text) returns text language sql immutable parallel safe as
$$
select case when length(d) >= 7 then right(d, 9) end from (select regexp_replace(number, '[^0-9]', '', 'g') as d) x
$$;

-- What a contact is matched on exactly: 'e:' and its mailboxes, 'p:' and its phone keys. (PL/pgSQL: an SQL function
-- with a subquery is not inlined, and ran ten times slower per row.)
create function contact_duplicate_keys(emails jsonb, phones jsonb) returns text[] language plpgsql immutable
    parallel safe as
$$
declare
    keys text[] := '{}';
    e jsonb;
    k text;
begin
    for e in select * from jsonb_array_elements(emails) loop
        k := 'e:' || duplicate_mailbox(e ->> 'address');
        if k is not null and not k = any(keys) then
            keys := keys || k;
        end if;
    end loop;
    for e in select * from jsonb_array_elements(phones) loop
        k := 'p:' || duplicate_phone(e ->> 'number');
        if k is not null and not k = any(keys) then
            keys := keys || k;
        end if;
    end loop;
    return keys;
end
$$;

-- A company's name as compared: lower case, letters and digits, without legal forms ("Acme, Inc." is "acme").
create function company_duplicate_name(name text) returns text language sql immutable parallel safe as
$$
select coalesce(nullif(btrim(regexp_replace(regexp_replace(regexp_replace(lower(name), '[^[:alnum:]]+', ' ', 'g'),
    '(^| )(the|inc|incorporated|corp|corporation|co|company|ltd|limited|llc|llp|lp|plc|gmbh|ag|kg|sa|sas|sarl|srl'
        || '|spa|bv|nv|oy|ab|as|aps|pty|kk)(?= |$)', ' ', 'g'), ' +', ' ', 'g')), ''), lower(btrim(name)))
$$;

-- The registrable part of a domain: acme.com for eu.acme.com, acme.co.uk for shop.acme.co.uk.
create function company_duplicate_domain(domain text) returns text language sql immutable parallel safe as
$$
select case
    when domain ~ '\.(com|co|org|net|ac|gov|edu|ltd|plc|or|ne|go)\.[a-z]{2}$'
        then substring(domain from '([^.]+\.[^.]+\.[^.]+)$')
    else coalesce(substring(domain from '([^.]+\.[^.]+)$'), domain)
end
$$;

create table duplicate_pair (
    kind      text         not null check (kind in ('contact', 'company')),
    first_id  uuid         not null,
    second_id uuid         not null,
    score     numeric(3, 2) not null check (score > 0 and score <= 1),
    reasons   jsonb        not null,
    primary key (kind, first_id, second_id),
    check (first_id < second_id)
);

-- The list: best first, then by ids (its keyset); a record's pairs from either side.
create index duplicate_pair_rank on duplicate_pair (kind, score desc, first_id, second_id);
create index duplicate_pair_second on duplicate_pair (kind, second_id);

-- "Not duplicates": a dismissed pair is never listed again, whatever its records become.
create table duplicate_dismissal (
    kind         text        not null check (kind in ('contact', 'company')),
    first_id     uuid        not null,
    second_id    uuid        not null,
    dismissed_by text        not null,
    dismissed_at timestamptz not null,
    primary key (kind, first_id, second_id),
    check (first_id < second_id)
);

create index duplicate_dismissal_second on duplicate_dismissal (kind, second_id);

-- How candidates are found: the exact keys through one GIN index, company names and registrable domains through
-- their own. They cover deleted rows too, and the look-ups leave "deleted_at is null" to the join that follows: with
-- that condition, on a table whose statistics are those of an empty one (a new installation's first import), the
-- planner preferred reading any partial index "where deleted_at is null" whole, per changed row, to these (the first
-- batch of 1,000 rows took 43 s). Inside the limited look-ups a deleted row is skipped by a condition no partial
-- index's predicate matches (coalesce(deleted_at, '-infinity') = '-infinity'), so deleted rows (merged tombstones keep
-- their emails and phones) do not use up the examined budget and the plan stays on these indexes. Names at a company are compared with the company's contacts (contact_company): a trigram index of
-- contact names reads the postings of every John and Smith in the database, which cost more than comparing the
-- names of one company's people, however many of them there are in practice.
-- Without GIN's pending list (fastupdate): every write searches this index, and a search reads the whole pending
-- list (4 MB after a bulk load) — a millisecond per look-up, where the index itself answers in microseconds.
create index contact_duplicate_keys on contact using gin (contact_duplicate_keys(emails, phones))
    with (fastupdate = off);
create index company_duplicate_name on company using gin (company_duplicate_name(name) gin_trgm_ops)
    with (fastupdate = off);
create index company_duplicate_domain on company (company_duplicate_domain(domain));

-- Why two contacts look alike (a is the older), and how much: empty reasons when they do not.
create function contact_duplicate_reasons(a contact, b contact, out score numeric, out reasons jsonb)
    language sql stable as
$$
select round(1 - exp(sum(ln(1 - r.weight))), 2), coalesce(jsonb_agg(r.reason order by r.ord), '[]')
from (
    select 1 as ord, 0.9 as weight, jsonb_build_object('code', 'same-email', 'detail',
        case when lower(btrim(ea)) = lower(btrim(eb)) then 'both have ' || ea
             else ea || ' and ' || eb || ' are one mailbox' end) as reason
    from (select ea, eb from (select x ->> 'address' as ea from jsonb_array_elements(a.emails) x) xa
          join (select y ->> 'address' as eb from jsonb_array_elements(b.emails) y) yb
              on duplicate_mailbox(ea) = duplicate_mailbox(eb) limit 1) m
    union all
    select 2, 0.7, jsonb_build_object('code', 'same-phone', 'detail',
        case when pa = pb then 'both have ' || pa else pa || ' and ' || pb || ' are one number' end)
    from (select pa, pb from (select x ->> 'number' as pa from jsonb_array_elements(a.phones) x) xa
          join (select y ->> 'number' as pb from jsonb_array_elements(b.phones) y) yb
              on duplicate_phone(pa) = duplicate_phone(pb) limit 1) m
    union all
    select 3, cast(0.8 * s.sim as numeric), jsonb_build_object('code', 'similar-name-same-company', 'detail',
        -- No company name here: a reason is shown to whoever may read both contacts, who may not read the company.
        case when s.na = s.nb then 'both are ' || s.na else s.na || ' and ' || s.nb end || ', at one company')
    from (select similarity(a.sort_name, b.sort_name) as sim,
              btrim(coalesce(a.first_name, '') || ' ' || coalesce(a.last_name, '')) as na,
              btrim(coalesce(b.first_name, '') || ' ' || coalesce(b.last_name, '')) as nb) s
    where a.company_id = b.company_id and btrim(a.sort_name) <> '' and s.sim >= 0.6
) r
$$;

create function company_duplicate_reasons(a company, b company, out score numeric, out reasons jsonb)
    language sql stable as
$$
select round(1 - exp(sum(ln(1 - r.weight))), 2), coalesce(jsonb_agg(r.reason order by r.ord), '[]')
from (
    select 1 as ord, 0.8 as weight, jsonb_build_object('code', 'same-domain', 'detail',
        case when a.domain = b.domain then 'both have ' || a.domain
             else a.domain || ' and ' || b.domain || ' are one domain' end) as reason
    where company_duplicate_domain(a.domain) = company_duplicate_domain(b.domain)
    union all
    select 2, cast(0.8 * s.sim as numeric), jsonb_build_object('code', 'similar-name', 'detail',
        case when lower(a.name) = lower(b.name) then 'both are named ' || a.name
             else a.name || ' and ' || b.name || ' are alike' end)
    from (select similarity(company_duplicate_name(a.name), company_duplicate_name(b.name)) as sim) s
    where s.sim >= 0.5
) r
$$;

-- At most this many pairs are found for one changed record (its best): a number shared by a whole switchboard, or a
-- name a hundred people at one company have, does not make thousands of pairs.
create function duplicate_candidates_per_record() returns int language sql immutable as 'select 20';

-- And at most this many records sharing one signal are examined for a changed record: a key that many records share
-- (a switchboard, a placeholder number) is weak evidence, and scoring all of them on every write would grow with them.
create function duplicate_candidates_examined() returns int language sql immutable as 'select 100';

-- Re-derives the pairs of the given contacts from their rows. Two writers that could each miss the other's new row
-- (neither sees the other's uncommitted insert) serialize on advisory locks of what they match on — a few buckets of
-- their keys and companies — so the second one looks after the first has committed (READ COMMITTED: each statement
-- of this function sees what committed before it). No JIT: the planner's estimates for the look-ups are large enough
-- to compile the plan (two seconds of LLVM for a statement that runs in milliseconds). Index look-ups and nested loops
-- only, planned for each call: during the first big import into an empty table the statistics still say "a few rows",
-- and a plan that scans the table per changed row, or reads all of it into a hash per batch, grows with the table
-- (30,000 rows in SQL took 105 s instead of 4).
create function contact_duplicates_refresh(ids uuid[]) returns void language plpgsql
    set pg_trgm.similarity_threshold = 0.6 set jit = off
    set enable_seqscan = off set enable_hashjoin = off set enable_mergejoin = off
    set plan_cache_mode = force_custom_plan as
$$
begin
    if cardinality(ids) = 0 then
        return;
    end if;
    perform pg_advisory_xact_lock(4501, b.bucket)
    from (select distinct hashtext(k) & 127 as bucket
          from contact c, unnest(contact_duplicate_keys(c.emails, c.phones)
              || case when c.company_id is null then array[]::text[] else array['n:' || c.company_id] end) k
          where c.id = any(ids) and c.deleted_at is null
          order by 1) b;
    delete from duplicate_pair where kind = 'contact' and (first_id = any(ids) or second_id = any(ids));
    insert into duplicate_pair (kind, first_id, second_id, score, reasons)
    select 'contact', m.first_id, m.second_id, m.score, m.reasons
    from (
        select least(c.id, o.id) as first_id, greatest(c.id, o.id) as second_id, r.score, r.reasons,
            row_number() over (partition by c.id order by r.score desc, o.id) as n
        from contact c
        cross join lateral (
            (select o.id from contact o
             where contact_duplicate_keys(o.emails, o.phones) && contact_duplicate_keys(c.emails, c.phones)
                 and o.id <> c.id and coalesce(o.deleted_at, '-infinity') = '-infinity'
             limit duplicate_candidates_examined())
            union
            (select o.id from contact o
             where c.company_id is not null and btrim(c.sort_name) <> '' and o.company_id = c.company_id
                 and o.sort_name % c.sort_name and o.deleted_at is null and o.id <> c.id
             limit duplicate_candidates_examined())
        ) candidate
        join contact o on o.id = candidate.id and o.deleted_at is null
        cross join lateral contact_duplicate_reasons(
            case when c.id < o.id then c else o end, case when c.id < o.id then o else c end) r
        where c.id = any(ids) and c.deleted_at is null and r.score is not null
    ) m
    where m.n <= duplicate_candidates_per_record()
        and not exists (select 1 from duplicate_dismissal d
                        where d.kind = 'contact' and d.first_id = m.first_id and d.second_id = m.second_id)
    on conflict (kind, first_id, second_id) do nothing;
end
$$;

create function company_duplicates_refresh(ids uuid[]) returns void language plpgsql
    set pg_trgm.similarity_threshold = 0.5 set jit = off
    set enable_seqscan = off set enable_hashjoin = off set enable_mergejoin = off
    set plan_cache_mode = force_custom_plan as
$$
begin
    if cardinality(ids) = 0 then
        return;
    end if;
    -- Names are matched by similarity, which no key buckets: every writer of company names takes one lock.
    perform pg_advisory_xact_lock(4502, 0);
    delete from duplicate_pair where kind = 'company' and (first_id = any(ids) or second_id = any(ids));
    insert into duplicate_pair (kind, first_id, second_id, score, reasons)
    select 'company', m.first_id, m.second_id, m.score, m.reasons
    from (
        select least(c.id, o.id) as first_id, greatest(c.id, o.id) as second_id, r.score, r.reasons,
            row_number() over (partition by c.id order by r.score desc, o.id) as n
        from company c
        cross join lateral (
            (select o.id from company o
             where company_duplicate_name(o.name) % company_duplicate_name(c.name) and o.id <> c.id
                 and coalesce(o.deleted_at, '-infinity') = '-infinity'
             limit duplicate_candidates_examined())
            union
            (select o.id from company o
             where c.domain is not null and company_duplicate_domain(o.domain) = company_duplicate_domain(c.domain)
                 and o.id <> c.id and coalesce(o.deleted_at, '-infinity') = '-infinity'
             limit duplicate_candidates_examined())
        ) candidate
        join company o on o.id = candidate.id and o.deleted_at is null
        cross join lateral company_duplicate_reasons(
            case when c.id < o.id then c else o end, case when c.id < o.id then o else c end) r
        where c.id = any(ids) and c.deleted_at is null and r.score is not null
    ) m
    where m.n <= duplicate_candidates_per_record()
        and not exists (select 1 from duplicate_dismissal d
                        where d.kind = 'company' and d.first_id = m.first_id and d.second_id = m.second_id)
    on conflict (kind, first_id, second_id) do nothing;
end
$$;

create function contact_duplicates_inserted() returns trigger language plpgsql as
$$
begin
    perform contact_duplicates_refresh(array(select id from new_rows where deleted_at is null));
    return null;
end
$$;

-- A change of what contacts are matched on (emails, phones, names, company, deleted or not) re-derives their pairs.
-- An erasure also forgets what was dismissed about the person (docs/privacy.md).
create function contact_duplicates_updated() returns trigger language plpgsql as
$$
begin
    perform contact_duplicates_refresh(array(
        select n.id from new_rows n join old_rows o on o.id = n.id
        where (n.emails, n.phones, n.sort_name, n.company_id, n.deleted_at is null)
            is distinct from (o.emails, o.phones, o.sort_name, o.company_id, o.deleted_at is null)));
    delete from duplicate_dismissal d using new_rows n
    where d.kind = 'contact' and n.erased_at is not null and (d.first_id = n.id or d.second_id = n.id);
    return null;
end
$$;

create function contact_duplicates_deleted() returns trigger language plpgsql as
$$
begin
    delete from duplicate_pair p using old_rows o
    where p.kind = 'contact' and (p.first_id = o.id or p.second_id = o.id);
    delete from duplicate_dismissal d using old_rows o
    where d.kind = 'contact' and (d.first_id = o.id or d.second_id = o.id);
    return null;
end
$$;

create function contact_duplicates_truncated() returns trigger language plpgsql as
$$
begin
    delete from duplicate_pair where kind = 'contact';
    delete from duplicate_dismissal where kind = 'contact';
    return null;
end
$$;

create function company_duplicates_inserted() returns trigger language plpgsql as
$$
begin
    perform company_duplicates_refresh(array(select id from new_rows where deleted_at is null));
    return null;
end
$$;

create function company_duplicates_updated() returns trigger language plpgsql as
$$
begin
    perform company_duplicates_refresh(array(
        select n.id from new_rows n join old_rows o on o.id = n.id
        where (n.name, n.domain, n.deleted_at is null) is distinct from (o.name, o.domain, o.deleted_at is null)));
    return null;
end
$$;

create function company_duplicates_deleted() returns trigger language plpgsql as
$$
begin
    delete from duplicate_pair p using old_rows o
    where p.kind = 'company' and (p.first_id = o.id or p.second_id = o.id);
    delete from duplicate_dismissal d using old_rows o
    where d.kind = 'company' and (d.first_id = o.id or d.second_id = o.id);
    return null;
end
$$;

create function company_duplicates_truncated() returns trigger language plpgsql as
$$
begin
    delete from duplicate_pair where kind = 'company';
    delete from duplicate_dismissal where kind = 'company';
    return null;
end
$$;

create trigger contact_duplicates_inserted after insert on contact
    referencing new table as new_rows for each statement execute function contact_duplicates_inserted();
create trigger contact_duplicates_updated after update on contact
    referencing old table as old_rows new table as new_rows for each statement
    execute function contact_duplicates_updated();
create trigger contact_duplicates_deleted after delete on contact
    referencing old table as old_rows for each statement execute function contact_duplicates_deleted();
create trigger contact_duplicates_truncated after truncate on contact
    for each statement execute function contact_duplicates_truncated();
create trigger company_duplicates_inserted after insert on company
    referencing new table as new_rows for each statement execute function company_duplicates_inserted();
create trigger company_duplicates_updated after update on company
    referencing old table as old_rows new table as new_rows for each statement
    execute function company_duplicates_updated();
create trigger company_duplicates_deleted after delete on company
    referencing old table as old_rows for each statement execute function company_duplicates_deleted();
create trigger company_duplicates_truncated after truncate on company
    for each statement execute function company_duplicates_truncated();

-- The records already there: every live one's pairs, in slices so no statement holds a million ids.
do
$$
declare
    slice uuid[];
begin
    for slice in
        select array_agg(id) from (select id, (row_number() over (order by id) - 1) / 5000 as s
                                   from company where deleted_at is null) x group by s order by s
    loop
        perform company_duplicates_refresh(slice);
    end loop;
    for slice in
        select array_agg(id) from (select id, (row_number() over (order by id) - 1) / 5000 as s
                                   from contact where deleted_at is null) x group by s order by s
    loop
        perform contact_duplicates_refresh(slice);
    end loop;
end
$$;
