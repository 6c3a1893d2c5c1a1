-- Every id a stored response mentions (its location and body), so that an erasure can delete the responses that
-- name the erased person or a record scrubbed for them. Rows stored before this column existed get theirs here.
alter table atrium_idempotency_key add column subjects uuid[] not null default '{}';

update atrium_idempotency_key
set subjects = array(
        select distinct lower(m[1])::uuid
        from regexp_matches(coalesce(location, '') || ' ' || coalesce(body, ''),
                            '([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})', 'g') m);

create index atrium_idempotency_key_subjects on atrium_idempotency_key using gin (subjects);

-- Responses used to be forgotten by location only.
drop index if exists atrium_idempotency_key_location;
