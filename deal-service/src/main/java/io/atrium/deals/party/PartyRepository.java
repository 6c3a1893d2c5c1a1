package io.atrium.deals.party;

import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
class PartyRepository {

    private final JdbcClient jdbc;

    PartyRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Stores what is known of a party unless a newer version is already here; returns whether it was stored. */
    boolean save(Party party) {
        return jdbc.sql("""
                        insert into party (id, kind, name, status, version)
                        values (:id, :kind, :name, :status, :version)
                        on conflict (id) do update set name = excluded.name, status = excluded.status,
                            version = excluded.version
                        where party.version < excluded.version
                        """)
                        .param("id", party.id())
                        .param("kind", party.kind().wire())
                        .param("name", party.name())
                        .param("status", party.status().name().toLowerCase(Locale.ROOT))
                        .param("version", party.version())
                        .update()
                == 1;
    }

    List<Party> find(Collection<UUID> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        return jdbc.sql("select * from party where id in (:ids)")
                .param("ids", ids)
                .query((rs, row) -> new Party(
                        rs.getObject("id", UUID.class),
                        Party.Kind.valueOf(rs.getString("kind").toUpperCase(Locale.ROOT)),
                        rs.getString("name"),
                        Party.Status.valueOf(rs.getString("status").toUpperCase(Locale.ROOT)),
                        rs.getLong("version")))
                .list();
    }
}
