package io.atrium.reporting.projection;

import jakarta.annotation.PostConstruct;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The generations of read models: which one is live, which one is being built, and the swap between them. Schemas
 * are named {@code rm_<id>} by this class only (never from input), so they are safe to put into SQL.
 */
@Component
public class Generations {

    private final JdbcClient jdbc;
    private final Clock clock;
    private final TransactionTemplate transactions;
    private final String ddl;

    Generations(JdbcClient jdbc, Clock clock, PlatformTransactionManager transactions) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.transactions = new TransactionTemplate(transactions);
        try {
            this.ddl = new ClassPathResource("reporting/read-model.sql").getContentAsString(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** On first start, generation 1 is created live (empty: the consumer then reads every topic from the start). */
    @PostConstruct
    void ensureLive() {
        transactions.executeWithoutResult(status -> {
            jdbc.sql("select pg_advisory_xact_lock(hashtext('reporting_generation'))")
                    .query()
                    .singleRow();
            if (live().isEmpty()) {
                create(1, Generation.Status.LIVE);
            }
        });
    }

    /** The generation the views read. */
    public Generation current() {
        return live().orElseThrow(() -> new IllegalStateException("No live read-model generation"));
    }

    /** The live generation and, during a rebuild, the one being built: every new event goes to both. */
    public List<Generation> active() {
        return jdbc.sql("select id, schema_name, status from reporting_generation where status in ('live', 'building')"
                        + " order by id")
                .query((rs, row) -> new Generation(
                        rs.getInt("id"),
                        rs.getString("schema_name"),
                        Generation.Status.valueOf(rs.getString("status").toUpperCase(Locale.ROOT))))
                .list();
    }

    public Optional<Generation> building() {
        return active().stream()
                .filter(g -> g.status() == Generation.Status.BUILDING)
                .findFirst();
    }

    /** Creates an empty generation to build; empty when one is being built already. */
    @Transactional
    public Optional<Generation> startBuilding() {
        jdbc.sql("select pg_advisory_xact_lock(hashtext('reporting_generation'))")
                .query()
                .singleRow();
        if (building().isPresent()) {
            return Optional.empty();
        }
        int next = jdbc.sql("select coalesce(max(id), 0) + 1 from reporting_generation")
                .query(Integer.class)
                .single();
        return Optional.of(create(next, Generation.Status.BUILDING));
    }

    /**
     * Makes the built generation live and drops the one it replaces, in one transaction: a view reads either the old
     * or the new generation, never neither.
     */
    @Transactional
    public void swap(Generation built) {
        jdbc.sql("select pg_advisory_xact_lock(hashtext('reporting_generation'))")
                .query()
                .singleRow();
        Generation old = current();
        jdbc.sql("update reporting_generation set status = 'retired' where id = :id")
                .param("id", old.id())
                .update();
        jdbc.sql("update reporting_generation set status = 'live', completed_at = :now where id = :id")
                .param("id", built.id())
                .param("now", java.sql.Timestamp.from(Instant.now(clock)))
                .update();
        jdbc.sql("drop schema " + old.schema() + " cascade").update();
        forgetInbox(old);
    }

    /** Drops a generation that will not be finished (a failed rebuild). */
    @Transactional
    public void abandon(Generation building) {
        jdbc.sql("update reporting_generation set status = 'retired' where id = :id")
                .param("id", building.id())
                .update();
        jdbc.sql("drop schema if exists " + building.schema() + " cascade").update();
        forgetInbox(building);
    }

    private void forgetInbox(Generation generation) {
        jdbc.sql("delete from atrium_inbox where consumer = :consumer")
                .param("consumer", generation.consumer())
                .update();
        jdbc.sql("delete from atrium_inbox_version where consumer = :consumer")
                .param("consumer", generation.consumer())
                .update();
    }

    private Optional<Generation> live() {
        return active().stream()
                .filter(g -> g.status() == Generation.Status.LIVE)
                .findFirst();
    }

    private Generation create(int id, Generation.Status status) {
        String schema = "rm_" + id;
        jdbc.sql("""
                        insert into reporting_generation (id, schema_name, status, started_at)
                        values (:id, :schema, :status, :now)
                        """)
                .param("id", id)
                .param("schema", schema)
                .param("status", status.name().toLowerCase(Locale.ROOT))
                .param("now", java.sql.Timestamp.from(Instant.now(clock)))
                .update();
        for (String statement : ddl.replace("${schema}", schema).split(";\\s*\\n")) {
            String sql = statement
                    .lines()
                    .filter(l -> !l.strip().startsWith("--"))
                    .reduce("", (a, b) -> a + "\n" + b)
                    .strip();
            if (!sql.isEmpty()) {
                jdbc.sql(sql).update();
            }
        }
        return new Generation(id, schema, status);
    }
}
