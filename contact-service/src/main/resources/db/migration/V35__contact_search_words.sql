-- Contact search by words (issue 15). Every live contact's searchable words — the letter runs of its search text
-- (names, job title, email addresses) and of its company's name — are listed in contact_search_word, one row per
-- (word, contact), with the contact's record-access owner. A search looks its words up in the small dictionary of
-- distinct words (search_word: exact, prefix or trigram-similar) and then reads, for each matching word, the newest
-- contacts from the B-tree in (word, contact id) order, so it stops after a page instead of scoring every contact that
-- shares a common name. Both tables are derived data, maintained by the triggers below from the contact and company
-- rows (so SQL loads and bulk updates keep them right too).

-- One row per distinct word; never holds a word no live contact has after an erasure (see the erasure below).
create table search_word (
    word text not null
);

create table contact_search_word (
    word        text    not null,
    contact_id  uuid    not null,
    -- coalesce(owner_id, created_by) of the contact: record access narrows by it.
    owner       text    not null,
    -- The word is only in the contact's company name (a caller must also see the company to find it by that word).
    via_company boolean not null
);

-- The words of a text: its runs of letters (so "mary.smith42@mail.example" gives mary, smith, mail, example), each
-- cut to 64 characters. Digits are not words: phone numbers and other digits are searched as substrings.
create function search_words(t text) returns setof text language sql immutable parallel safe as
$$ select distinct left(w, 64) from unnest(regexp_split_to_array(t, '[^[:alpha:]]+')) w where w <> '' $$;

-- Re-derives the words of the given contacts from their rows, and adds new words to the dictionary.
create function contact_search_index(ids uuid[]) returns void language sql as
$$
delete from contact_search_word where contact_id = any(ids);
insert into contact_search_word (word, contact_id, owner, via_company)
select w.word, c.id, coalesce(c.owner_id, c.created_by), bool_and(w.via_company)
from contact c
left join company co on co.id = c.company_id and co.deleted_at is null
cross join lateral (
    select s as word, false as via_company from search_words(c.search_text) s
    union all
    select s, true from search_words(lower(co.name)) s
) w
where c.id = any(ids) and c.deleted_at is null
group by w.word, c.id, c.owner_id, c.created_by;
insert into search_word (word)
select distinct word from contact_search_word where contact_id = any(ids)
on conflict do nothing;
$$;

create function contact_search_words_inserted() returns trigger language plpgsql as
$$
begin
    perform contact_search_index(array(select id from new_rows where deleted_at is null));
    return null;
end
$$;

create function contact_search_words_updated() returns trigger language plpgsql as
$$
declare
    changed uuid[];
    erased_words text[];
begin
    changed := array(
        select n.id from new_rows n join old_rows o on o.id = n.id
        where (n.search_text, coalesce(n.owner_id, n.created_by), n.company_id, n.deleted_at is null)
            is distinct from (o.search_text, coalesce(o.owner_id, o.created_by), o.company_id, o.deleted_at is null));
    if cardinality(changed) = 0 then
        return null;
    end if;
    -- An erasure must leave none of the person's words behind: those no other contact has leave the dictionary.
    erased_words := array(
        select distinct p.word from contact_search_word p
        join new_rows n on n.id = p.contact_id join old_rows o on o.id = n.id
        where n.erased_at is not null and o.erased_at is null);
    perform contact_search_index(changed);
    if cardinality(erased_words) > 0 then
        -- Waits for every transaction that may be adding one of these words (they hold ROW EXCLUSIVE until they
        -- commit) and keeps new ones out until this one commits, so a word another contact just got is never lost.
        lock table search_word in share row exclusive mode;
        delete from search_word w
        where w.word = any(erased_words)
            and not exists (select 1 from contact_search_word p where p.word = w.word);
    end if;
    return null;
end
$$;

create function contact_search_words_deleted() returns trigger language plpgsql as
$$
begin
    delete from contact_search_word p using old_rows o where p.contact_id = o.id;
    return null;
end
$$;

-- A company's name is part of its contacts' words.
create function company_search_words_updated() returns trigger language plpgsql as
$$
begin
    perform contact_search_index(array(
        select c.id from new_rows n join old_rows o on o.id = n.id
        join contact c on c.company_id = n.id and c.deleted_at is null
        where (n.name, n.deleted_at is null) is distinct from (o.name, o.deleted_at is null)));
    return null;
end
$$;

create trigger contact_search_words_inserted after insert on contact
    referencing new table as new_rows for each statement execute function contact_search_words_inserted();
create trigger contact_search_words_updated after update on contact
    referencing old table as old_rows new table as new_rows for each statement
    execute function contact_search_words_updated();
create trigger contact_search_words_deleted after delete on contact
    referencing old table as old_rows for each statement execute function contact_search_words_deleted();
create function contact_search_words_truncated() returns trigger language plpgsql as
$$
begin
    truncate contact_search_word;
    return null;
end
$$;
create trigger contact_search_words_truncated after truncate on contact
    for each statement execute function contact_search_words_truncated();
create trigger company_search_words_updated after update on company
    referencing old table as old_rows new table as new_rows for each statement
    execute function company_search_words_updated();

-- The contacts already there, in bulk (as contact_search_index does), and the indexes built after the load: at a
-- million contacts that is minutes, where maintaining the indexes row by row took far longer.
insert into contact_search_word (word, contact_id, owner, via_company)
select w.word, c.id, coalesce(c.owner_id, c.created_by), bool_and(w.via_company)
from contact c
left join company co on co.id = c.company_id and co.deleted_at is null
cross join lateral (
    select s as word, false as via_company from search_words(c.search_text) s
    union all
    select s, true from search_words(lower(co.name)) s
) w
where c.deleted_at is null
group by w.word, c.id, c.owner_id, c.created_by;
insert into search_word (word) select distinct word from contact_search_word;

alter table search_word add primary key (word);
create index search_word_trgm on search_word using gin (word gin_trgm_ops);
alter table contact_search_word add primary key (word, contact_id) include (via_company);
create index contact_search_word_owner on contact_search_word (word, owner, contact_id) include (via_company);
create index contact_search_word_contact on contact_search_word (contact_id, word);
