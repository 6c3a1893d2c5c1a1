-- A statement that writes many contacts at once (a bulk COPY, an update of every contact of a big company) hands its
-- triggers one array of every id. Looked up with "= any(ids)" from inside a SQL function (where the array is a
-- parameter, not a constant the executor can hash), each row's check walks the whole array: a COPY of 1,000,000
-- contacts spent over 22 minutes in contact_search_index's last statement before it was stopped, where 100,000 took
-- 21 s. The work is the same row for row, so it is done in chunks of 10,000 ids: every statement stays the size the
-- import's batches (1,000 rows) and the API already give it, and a large statement costs what its chunks cost.
alter function contact_search_index(uuid[]) rename to contact_search_index_chunk;
alter function contact_duplicates_refresh(uuid[]) rename to contact_duplicates_refresh_chunk;
alter function company_duplicates_refresh(uuid[]) rename to company_duplicates_refresh_chunk;

create function contact_search_index(ids uuid[]) returns void language plpgsql as
$$
begin
    for i in 1 .. coalesce(cardinality(ids), 0) by 10000 loop
        perform contact_search_index_chunk(ids[i:i + 9999]);
    end loop;
end
$$;

-- Each chunk locks the buckets of its own keys (V45); a statement of several chunks takes all of them first, in order,
-- so it never holds one bucket while waiting for another that a concurrent writer holds while waiting for it.
create function contact_duplicates_refresh(ids uuid[]) returns void language plpgsql as
$$
begin
    if coalesce(cardinality(ids), 0) > 10000 then
        perform pg_advisory_xact_lock(4501, b) from generate_series(0, 127) b order by b;
    end if;
    for i in 1 .. coalesce(cardinality(ids), 0) by 10000 loop
        perform contact_duplicates_refresh_chunk(ids[i:i + 9999]);
    end loop;
end
$$;

create function company_duplicates_refresh(ids uuid[]) returns void language plpgsql as
$$
begin
    for i in 1 .. coalesce(cardinality(ids), 0) by 10000 loop
        perform company_duplicates_refresh_chunk(ids[i:i + 9999]);
    end loop;
end
$$;
