package io.atrium.notifications.watch;

import io.atrium.notifications.erasure.PersonalData;
import io.atrium.platform.events.CloudEvent;
import io.atrium.platform.jdbc.Sql;
import java.time.Instant;
import java.util.Collection;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.databind.JsonNode;

/**
 * What the scheduled checks need, kept from the events in the transaction that records each one: tasks (reminder and
 * due times), tickets (SLA targets), deals (stage and since when) and pipeline stages (rotting days). A row changes
 * only for a newer aggregate version.
 */
@Repository
public class Watches {

    private final JdbcClient jdbc;

    Watches(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public void apply(CloudEvent event) {
        String type = event.type();
        if (type.startsWith("crm.task.")) {
            task(event.data().path("task"), event.aggregateversion());
        } else if (type.startsWith("crm.ticket.")) {
            ticket(event.data().path("ticket"), event.aggregateversion());
        } else if (type.equals("crm.deal.deleted.v1")) {
            jdbc.sql("delete from deal_watch where deal_id = :id")
                    .param("id", UUID.fromString(event.subject()))
                    .update();
        } else if (type.startsWith("crm.deal.")) {
            deal(event.data().path("deal"), event.aggregateversion());
        } else if (type.startsWith("crm.pipeline.")) {
            pipeline(event.data().path("pipeline"));
        }
    }

    /**
     * Replaces the title of watched tasks, or the subject of watched tickets, with a neutral one: a contact they
     * referenced was erased, and reminders and SLA warnings quote them.
     */
    public void erase(String recordType, Collection<UUID> ids) {
        String[] table =
                switch (recordType) {
                    case "task" -> new String[] {"task_watch", "task_id", "title"};
                    case "ticket" -> new String[] {"ticket_watch", "ticket_id", "subject"};
                    default -> null;
                };
        if (table == null || ids.isEmpty()) {
            return;
        }
        jdbc.sql("update %1$s set %3$s = :text where %2$s = any(cast(:ids as uuid[])) and %3$s <> :text"
                        .formatted((Object[]) table))
                .param("text", PersonalData.erasedTitle(recordType))
                .param("ids", ids.stream().map(UUID::toString).toArray(String[]::new))
                .update();
    }

    /** A stage's name, or null when no pipeline event has named it. */
    public String stageName(String stageId) {
        try {
            return jdbc.sql("select name from stage_watch where stage_id = :id")
                    .param("id", UUID.fromString(stageId))
                    .query(String.class)
                    .optional()
                    .orElse(null);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private void task(JsonNode task, long version) {
        if (!task.isObject()) {
            return;
        }
        jdbc.sql("""
                        insert into task_watch (task_id, title, assignee, status, due_at, reminder_at, version)
                        values (:id, :title, :assignee, :status, :dueAt, :reminderAt, :version)
                        on conflict (task_id) do update set title = excluded.title, assignee = excluded.assignee,
                            status = excluded.status, due_at = excluded.due_at, reminder_at = excluded.reminder_at,
                            version = excluded.version
                        where task_watch.version < excluded.version
                        """)
                .param("id", UUID.fromString(task.path("id").asString()))
                .param("title", task.path("title").asString())
                .param("assignee", text(task, "assignee"))
                .param("status", task.path("status").asString())
                .param("dueAt", instant(task, "dueAt"))
                .param("reminderAt", instant(task, "reminderAt"))
                .param("version", version)
                .update();
    }

    private void ticket(JsonNode ticket, long version) {
        if (!ticket.isObject()) {
            return;
        }
        jdbc.sql("""
                        insert into ticket_watch (ticket_id, number, subject, assignee, status, first_response_due_at,
                            resolution_due_at, first_responded_at, resolved_at, version)
                        values (:id, :number, :subject, :assignee, :status, :firstResponseDueAt, :resolutionDueAt,
                            :firstRespondedAt, :resolvedAt, :version)
                        on conflict (ticket_id) do update set number = excluded.number, subject = excluded.subject,
                            assignee = excluded.assignee, status = excluded.status,
                            first_response_due_at = excluded.first_response_due_at,
                            resolution_due_at = excluded.resolution_due_at,
                            first_responded_at = excluded.first_responded_at, resolved_at = excluded.resolved_at,
                            version = excluded.version
                        where ticket_watch.version < excluded.version
                        """)
                .param("id", UUID.fromString(ticket.path("id").asString()))
                .param("number", ticket.path("number").asLong())
                .param("subject", ticket.path("subject").asString())
                .param("assignee", text(ticket, "assignee"))
                .param("status", ticket.path("status").asString())
                .param("firstResponseDueAt", instant(ticket, "firstResponseDueAt"))
                .param("resolutionDueAt", instant(ticket, "resolutionDueAt"))
                .param("firstRespondedAt", instant(ticket, "firstRespondedAt"))
                .param("resolvedAt", instant(ticket, "resolvedAt"))
                .param("version", version)
                .update();
    }

    private void deal(JsonNode deal, long version) {
        if (!deal.isObject()) {
            return;
        }
        jdbc.sql("""
                        insert into deal_watch (deal_id, title, owner, status, stage_id, stage_entered_at, version)
                        values (:id, :title, :owner, :status, :stageId, :stageEnteredAt, :version)
                        on conflict (deal_id) do update set title = excluded.title, owner = excluded.owner,
                            status = excluded.status, stage_id = excluded.stage_id,
                            stage_entered_at = excluded.stage_entered_at, version = excluded.version
                        where deal_watch.version < excluded.version
                        """)
                .param("id", UUID.fromString(deal.path("id").asString()))
                .param("title", deal.path("title").asString())
                .param("owner", text(deal, "ownerId"))
                .param("status", deal.path("status").asString())
                .param("stageId", text(deal, "stageId") == null ? null : UUID.fromString(text(deal, "stageId")))
                .param("stageEnteredAt", instant(deal, "stageEnteredAt"))
                .param("version", version)
                .update();
    }

    private void pipeline(JsonNode pipeline) {
        if (!pipeline.isObject()) {
            return;
        }
        UUID pipelineId = UUID.fromString(pipeline.path("id").asString());
        // Events of one pipeline arrive in order (the inbox skips older versions), so its stages are replaced whole.
        jdbc.sql("delete from stage_watch where pipeline_id = :pipeline")
                .param("pipeline", pipelineId)
                .update();
        for (JsonNode stage : pipeline.path("stages")) {
            JsonNode rotting = stage.path("rottingDays");
            jdbc.sql("""
                            insert into stage_watch (stage_id, pipeline_id, name, rotting_days)
                            values (:id, :pipeline, :name, :rotting)
                            on conflict (stage_id) do update set pipeline_id = excluded.pipeline_id,
                                name = excluded.name, rotting_days = excluded.rotting_days
                            """)
                    .param("id", UUID.fromString(stage.path("id").asString()))
                    .param("pipeline", pipelineId)
                    .param("name", stage.path("name").asString())
                    .param("rotting", rotting.isNumber() ? rotting.asInt() : null)
                    .update();
        }
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.path(field);
        return value.isNull() || value.isMissingNode() ? null : value.asString();
    }

    private static java.sql.Timestamp instant(JsonNode node, String field) {
        String value = text(node, field);
        return value == null ? null : Sql.timestamp(Instant.parse(value));
    }
}
