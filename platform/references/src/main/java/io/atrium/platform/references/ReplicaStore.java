package io.atrium.platform.references;

import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The {@code atrium_reference} table. */
class ReplicaStore {

    private final JdbcClient jdbc;

    private final io.atrium.platform.jdbc.MergeChains merges;

    ReplicaStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
        this.merges = new io.atrium.platform.jdbc.MergeChains(jdbc, "atrium_reference_merge");
    }

    /** Stores what is known of a record unless a newer version is already here; returns whether it was stored. */
    boolean save(Replica replica) {
        return jdbc.sql("""
                        insert into atrium_reference (id, kind, name, status, version)
                        values (:id, :kind, :name, :status, :version)
                        on conflict (id) do update set name = excluded.name, status = excluded.status,
                            version = excluded.version
                        where atrium_reference.version < excluded.version
                        """)
                        .param("id", replica.id())
                        .param("kind", replica.kind().wire())
                        .param("name", replica.name())
                        .param("status", replica.status().name().toLowerCase(Locale.ROOT))
                        .param("version", replica.version())
                        .update()
                == 1;
    }

    /**
     * Stores what is known of a record and what it is found by, unless a newer version is already here; returns
     * whether it was stored. A record that is not live has no handles.
     */
    boolean save(Replica replica, List<Handle> handles) {
        if (!save(replica)) {
            return false;
        }
        jdbc.sql("delete from atrium_reference_handle where id = :id")
                .param("id", replica.id())
                .update();
        if (replica.live() && !handles.isEmpty()) {
            jdbc.sql("""
                            insert into atrium_reference_handle (kind, handle, value, id)
                            select h.kind, h.handle, h.value, :id
                            from unnest(cast(:kinds as text[]), cast(:handles as text[]), cast(:values as text[]))
                                as h (kind, handle, value)
                            on conflict do nothing
                            """)
                    .param("id", replica.id())
                    .param("kinds", handles.stream().map(h -> h.kind().wire()).toArray(String[]::new))
                    .param("handles", handles.stream().map(Handle::handle).toArray(String[]::new))
                    .param("values", handles.stream().map(Handle::value).toArray(String[]::new))
                    .update();
        }
        return true;
    }

    /**
     * Stores what is known of many records at once and what each is found by, each unless a newer (or the same) version
     * is already here, as {@link #save(Replica, List)} would one at a time; returns the ids stored. The records must be
     * live and distinct: three statements for all of them instead of three for each (issue 18).
     */
    java.util.Set<UUID> saveAll(List<Replica> replicas, java.util.Map<UUID, List<Handle>> handles) {
        if (replicas.isEmpty()) {
            return java.util.Set.of();
        }
        java.util.Set<UUID> saved = new java.util.HashSet<>(jdbc.sql("""
                        insert into atrium_reference (id, kind, name, status, version)
                        select r.id, r.kind, r.name, 'live', r.version
                        from unnest(cast(:ids as uuid[]), cast(:kinds as text[]), cast(:names as text[]),
                                    cast(:versions as bigint[])) as r (id, kind, name, version)
                        order by r.id
                        on conflict (id) do update set name = excluded.name, status = excluded.status,
                            version = excluded.version
                        where atrium_reference.version < excluded.version
                        returning id
                        """)
                .param("ids", replicas.stream().map(Replica::id).toArray(UUID[]::new))
                .param("kinds", replicas.stream().map(r -> r.kind().wire()).toArray(String[]::new))
                .param("names", replicas.stream().map(Replica::name).toArray(String[]::new))
                .param("versions", replicas.stream().mapToLong(Replica::version).toArray())
                .query(UUID.class)
                .list());
        if (saved.isEmpty()) {
            return saved;
        }
        jdbc.sql("delete from atrium_reference_handle where id = any(cast(:ids as uuid[]))")
                .param("ids", saved.toArray(UUID[]::new))
                .update();
        List<UUID> ids = new java.util.ArrayList<>();
        List<Handle> all = new java.util.ArrayList<>();
        for (UUID id : saved) {
            for (Handle handle : handles.getOrDefault(id, List.of())) {
                ids.add(id);
                all.add(handle);
            }
        }
        if (!all.isEmpty()) {
            jdbc.sql("""
                            insert into atrium_reference_handle (kind, handle, value, id)
                            select h.kind, h.handle, h.value, h.id
                            from unnest(cast(:kinds as text[]), cast(:handles as text[]), cast(:values as text[]),
                                        cast(:ids as uuid[])) as h (kind, handle, value, id)
                            on conflict do nothing
                            """)
                    .param("kinds", all.stream().map(h -> h.kind().wire()).toArray(String[]::new))
                    .param("handles", all.stream().map(Handle::handle).toArray(String[]::new))
                    .param("values", all.stream().map(Handle::value).toArray(String[]::new))
                    .param("ids", ids.toArray(UUID[]::new))
                    .update();
        }
        return saved;
    }

    /** The live records each of {@code handles} names (several, for a name that many records have). */
    java.util.Map<Handle, java.util.Set<UUID>> findBy(Collection<Handle> handles) {
        java.util.Map<Handle, java.util.Set<UUID>> found = new java.util.HashMap<>();
        if (handles.isEmpty()) {
            return found;
        }
        List<Handle> all = List.copyOf(new java.util.LinkedHashSet<>(handles));
        jdbc.sql("""
                        select h.kind, h.handle, h.value, h.id
                        from unnest(cast(:kinds as text[]), cast(:handles as text[]), cast(:values as text[]))
                            as w (kind, handle, value)
                        join atrium_reference_handle h
                            on h.kind = w.kind and h.handle = w.handle and h.value = w.value
                        join atrium_reference r on r.id = h.id and r.status = 'live'
                        """)
                .param("kinds", all.stream().map(h -> h.kind().wire()).toArray(String[]::new))
                .param("handles", all.stream().map(Handle::handle).toArray(String[]::new))
                .param("values", all.stream().map(Handle::value).toArray(String[]::new))
                .query((java.sql.ResultSet rs) -> {
                    while (rs.next()) {
                        Handle handle = new Handle(
                                ReferenceKind.valueOf(rs.getString(1).toUpperCase(Locale.ROOT)),
                                rs.getString(2),
                                rs.getString(3));
                        found.computeIfAbsent(handle, h -> new java.util.TreeSet<>())
                                .add(rs.getObject(4, UUID.class));
                    }
                    return found;
                });
        return found;
    }

    /** What the replica finds this record by now. */
    List<Handle> handles(UUID id) {
        return jdbc.sql("select kind, handle, value from atrium_reference_handle where id = :id")
                .param("id", id)
                .query((rs, row) -> new Handle(
                        ReferenceKind.valueOf(rs.getString(1).toUpperCase(Locale.ROOT)),
                        rs.getString(2),
                        rs.getString(3)))
                .list();
    }

    List<Replica> find(Collection<UUID> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        return jdbc.sql("select * from atrium_reference where id in (:ids)")
                .param("ids", ids)
                .query((rs, row) -> new Replica(
                        rs.getObject("id", UUID.class),
                        ReferenceKind.valueOf(rs.getString("kind").toUpperCase(Locale.ROOT)),
                        rs.getString("name"),
                        Replica.Status.valueOf(rs.getString("status").toUpperCase(Locale.ROOT)),
                        rs.getLong("version")))
                .list();
    }

    /**
     * Records that {@code id} was merged into {@code survivor} and returns the live end of its chain: where the
     * survivor went if it was merged away itself already. Records merged into {@code id} earlier now point there too.
     */
    UUID merge(UUID id, UUID survivor) {
        return merges.record(id, survivor);
    }

    /** The status of a record as this replica knows it, if it does. */
    java.util.Optional<Replica.Status> status(UUID id) {
        return jdbc.sql("select status from atrium_reference where id = :id")
                .param("id", id)
                .query(String.class)
                .optional()
                .map(s -> Replica.Status.valueOf(s.toUpperCase(Locale.ROOT)));
    }
}
