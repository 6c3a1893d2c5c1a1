-- An erasure leaves none of the person's words in the search dictionary (docs/privacy.md), including the words of a
-- contact deleted before its erasure and of names or addresses it had before (a delete or a rename had already taken
-- them out of contact_search_word, so V35's "the erased contact's own words" missed them): every dictionary word that
-- no contact has any more is removed. The lock is taken before this transaction adds a word of its own, so two
-- erasures queue on it instead of each holding ROW EXCLUSIVE and waiting for the other (a deadlock).
create or replace function contact_search_words_updated() returns trigger language plpgsql as
$$
declare
    changed uuid[];
begin
    changed := array(
        select n.id from new_rows n join old_rows o on o.id = n.id
        where (n.search_text, coalesce(n.owner_id, n.created_by), n.company_id, n.deleted_at is null)
            is distinct from (o.search_text, coalesce(o.owner_id, o.created_by), o.company_id, o.deleted_at is null));
    if not exists (select 1 from new_rows n join old_rows o on o.id = n.id
                   where n.erased_at is not null and o.erased_at is null) then
        if cardinality(changed) > 0 then
            perform contact_search_index(changed);
        end if;
        return null;
    end if;
    -- Waits for every transaction that may be adding a word (they hold ROW EXCLUSIVE until they commit) and keeps new
    -- ones out until this one commits, so a word another contact just got is never lost.
    lock table search_word in share row exclusive mode;
    if cardinality(changed) > 0 then
        perform contact_search_index(changed);
    end if;
    delete from search_word w
    where not exists (select 1 from contact_search_word p where p.word = w.word);
    return null;
end
$$;
