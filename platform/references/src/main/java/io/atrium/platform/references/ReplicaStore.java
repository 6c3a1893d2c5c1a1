package io.atrium.platform.references;

import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The {@code atrium_reference} table. */
class ReplicaStore {

    private final JdbcClient jdbc;

    ReplicaStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
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
}
