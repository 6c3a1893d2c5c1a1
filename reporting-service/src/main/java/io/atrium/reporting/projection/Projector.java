package io.atrium.reporting.projection;

import io.atrium.platform.events.CloudEvent;
import io.atrium.platform.jdbc.MergeChains;
import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

/**
 * Applies one event to one generation's read models. Each aggregate's row is replaced by the state the event carries
 * (only by a newer version); stage and lifecycle changes are kept as facts keyed by the event id. Runs inside the
 * inbox transaction, so an event is applied once per generation or not at all.
 *
 * <p>An erased contact wins whatever the order events arrive in (docs/privacy.md): the erasure scrubs what is here
 * already, and a record that names an erased contact arriving later (another topic, a rebuild's replay) is stored
 * scrubbed. A deleted activity keeps no subject: no view shows it, and its owner publishes nothing when it scrubs one.
 */
@Component
class Projector {

    /** What activity-service calls a scrubbed task and ticket; the read models use the same words. */
    static final String ERASED_TASK_TITLE = "Task (details erased)";

    static final String ERASED_TICKET_SUBJECT = "Ticket (details erased)";

    private final JdbcClient jdbc;
    private final MergeChains merges;

    Projector(JdbcClient jdbc, MergeChains merges) {
        this.jdbc = jdbc;
        this.merges = merges;
    }

    void apply(String schema, CloudEvent event) {
        if (project(schema, event)) {
            freshness(schema, List.of(event));
        }
    }

    /**
     * Applies these events in order with exactly the results of {@link #apply} for each, set-based: consecutive events
     * that only replace their aggregate's state (and add facts) are applied together, a handful of statements for a
     * run of them ({@link PlainRun}); the others (erasures, merges, pipelines) one at a time between runs, as apply
     * does. A poll of 500 events costs a few statements instead of ~5 per event (issue 15).
     */
    void applyAll(String schema, List<CloudEvent> events) {
        PlainRun run = new PlainRun(jdbc, schema);
        for (CloudEvent event : events) {
            if (PlainRun.accepts(event.type())) {
                run.add(event);
            } else {
                run.flush();
                project(schema, event);
            }
        }
        run.flush();
        freshness(schema, events);
    }

    /** Applies the event to its read models; false for a topic the read models do not follow. */
    private boolean project(String schema, CloudEvent event) {
        JsonNode data = event.data();
        long version = event.aggregateversion();
        switch (Topics.of(event.type())) {
            case "crm.contact" -> contact(schema, event, data, version);
            case "crm.company" -> company(schema, event, data, version);
            case "crm.pipeline" -> pipeline(schema, data.path("pipeline"), version);
            case "crm.deal" -> deal(schema, event, data, version);
            case "crm.activity" -> activity(schema, data.path("activity"), version);
            case "crm.task" -> task(schema, data.path("task"), version);
            case "crm.ticket" -> ticket(schema, data.path("ticket"), version);
            default -> {
                return false;
            }
        }
        return true;
    }

    /** Per topic the read models follow, the newest event time of these events, if newer than the one stored. */
    private void freshness(String schema, List<CloudEvent> events) {
        Map<String, Instant> newest = new TreeMap<>();
        for (CloudEvent event : events) {
            String topic = Topics.of(event.type());
            if (Topics.ALL.contains(topic)) {
                newest.merge(topic, event.time(), (a, b) -> a.isAfter(b) ? a : b);
            }
        }
        if (newest.isEmpty()) {
            return;
        }
        jdbc.sql("insert into " + schema + ".freshness (topic, newest_event_time, applied_at)"
                        + " select t.topic, t.time, now()"
                        + " from unnest(cast(:topics as text[]), cast(:times as timestamptz[])) as t (topic, time)"
                        + " on conflict (topic) do update set"
                        + " newest_event_time = greatest(" + schema + ".freshness.newest_event_time,"
                        + " excluded.newest_event_time), applied_at = excluded.applied_at")
                .param("topics", newest.keySet().toArray(String[]::new))
                .param(
                        "times",
                        newest.values().stream().map(PlainRun::timestamp).toArray(String[]::new))
                .update();
    }

    private void contact(String schema, CloudEvent event, JsonNode data, long version) {
        UUID id = UUID.fromString(event.subject());
        if (event.type().equals("crm.contact.erased.v1")) {
            jdbc.sql("insert into " + schema + ".contact (id, version, status) values (:id, :version, 'erased')"
                            + " on conflict (id) do update set version = excluded.version, name = null,"
                            + " status = 'erased' where " + schema + ".contact.version < excluded.version")
                    .param("id", id)
                    .param("version", version)
                    .update();
            scrub(schema, id);
            return;
        }
        if (event.type().equals("crm.contact.merged.v1")) {
            merged(
                    schema,
                    "contact",
                    id,
                    UUID.fromString(data.path("survivorId").asString()),
                    version);
            return;
        }
        JsonNode c = data.path("contact");
        String stage = text(c, "lifecycleStage");
        String previous = jdbc.sql("select lifecycle_stage from " + schema + ".contact where id = :id")
                .param("id", id)
                .query(String.class)
                .optional()
                .orElse(null);
        int stored = jdbc.sql("insert into " + schema + ".contact (id, version, name, lifecycle_stage, lead_source,"
                        + " company_id, owner_id, created_by, created_at, status) values (:id, :version, :name, :stage,"
                        + " :source, :company, :owner, :createdBy, :created, :status) on conflict (id) do update set"
                        + " version = excluded.version, name = excluded.name, lifecycle_stage = excluded.lifecycle_stage,"
                        + " lead_source = excluded.lead_source, company_id = excluded.company_id,"
                        + " owner_id = excluded.owner_id, created_by = excluded.created_by,"
                        + " created_at = excluded.created_at, status = excluded.status"
                        + " where " + schema + ".contact.version < excluded.version")
                .param("id", id)
                .param("version", version)
                .param("name", contactName(c))
                .param("stage", stage)
                .param("source", text(c, "leadSource"))
                .param("company", uuid(c, "companyId"))
                .param("owner", text(c, "ownerId"))
                .param("createdBy", text(c, "createdBy"))
                .param("created", time(c, "createdAt"))
                .param("status", c.path("deletedAt").isNull() ? "live" : "deleted")
                .update();
        if (stored == 1 && stage != null && !stage.equals(previous)) {
            jdbc.sql("insert into " + schema + ".lifecycle_change (event_id, contact_id, from_stage, to_stage,"
                            + " changed_at) values (:event, :id, :from, :to, :at)")
                    .param("event", event.id())
                    .param("id", id)
                    .param("from", previous)
                    .param("to", stage)
                    .param("at", Timestamp.from(event.time()))
                    .update();
        }
    }

    /**
     * What the read models hold of an erased contact besides the name: subjects and titles of the activities, tasks
     * and tickets that name them (the owners publish scrubbed versions too, but not for everything, e.g. a deleted
     * activity, and not necessarily before a rebuild replays the originals).
     */
    private void scrub(String schema, UUID contactId) {
        jdbc.sql("update " + schema + ".activity set subject = null where contact_ids @> array[cast(:id as uuid)]")
                .param("id", contactId)
                .update();
        jdbc.sql("update " + schema + ".task set title = :title where contact_ids @> array[cast(:id as uuid)]")
                .param("title", ERASED_TASK_TITLE)
                .param("id", contactId)
                .update();
        jdbc.sql("update " + schema + ".ticket set subject = :subject where requester_contact_id = :id")
                .param("subject", ERASED_TICKET_SUBJECT)
                .param("id", contactId)
                .update();
    }

    /** Whether any of these contacts is erased in this generation. */
    private boolean namesErased(String schema, List<UUID> contactIds) {
        if (contactIds.isEmpty()) {
            return false;
        }
        return jdbc.sql("select exists (select 1 from " + schema
                        + ".contact where id = any(:ids) and status = 'erased')")
                .param("ids", contactIds.toArray(UUID[]::new))
                .query(Boolean.class)
                .single();
    }

    /**
     * A contact or company merged into another: the duplicate leaves the counts (deleted) and whatever referred to it
     * refers to the survivor — at once, before the owners' own updates of those records arrive, and the same way when
     * a rebuild replays the merge.
     */
    private void merged(String schema, String kind, UUID id, UUID to, long version) {
        UUID survivor = merges.record(id, to);
        jdbc.sql("insert into " + schema + "." + kind + " (id, version, status) values (:id, :version, 'deleted')"
                        + " on conflict (id) do update set version = excluded.version, status = 'deleted'"
                        + " where " + schema + "." + kind + ".version < excluded.version")
                .param("id", id)
                .param("version", version)
                .update();
        List<String> statements = kind.equals("contact")
                ? List.of(
                        "update S.deal set primary_contact_id = :survivor where primary_contact_id = :id",
                        "update S.deal set contact_ids = array(select distinct unnest(array_replace(contact_ids, :id,"
                                + " :survivor))) where contact_ids @> array[cast(:id as uuid)]",
                        "update S.activity set contact_ids = array(select distinct unnest(array_replace(contact_ids,"
                                + " :id, :survivor))) where contact_ids @> array[cast(:id as uuid)]",
                        "update S.task set contact_ids = array(select distinct unnest(array_replace(contact_ids, :id,"
                                + " :survivor))) where contact_ids @> array[cast(:id as uuid)]",
                        "update S.ticket set requester_contact_id = :survivor where requester_contact_id = :id",
                        // The duplicate's stage changes happened to the person the survivor now is: the conversion
                        // report counts them under the survivor's owner, as it will count the survivor's own.
                        "update S.lifecycle_change set contact_id = :survivor where contact_id = :id")
                : List.of(
                        "update S.contact set company_id = :survivor where company_id = :id",
                        "update S.deal set company_id = :survivor where company_id = :id",
                        "update S.activity set company_id = :survivor where company_id = :id",
                        "update S.ticket set company_id = :survivor where company_id = :id");
        for (String statement : statements) {
            jdbc.sql(statement.replace("S.", schema + "."))
                    .param("id", id)
                    .param("survivor", survivor)
                    .update();
        }
        // A survivor whose erasure was applied before this merge arrived: what moved onto it is scrubbed as its was.
        if (kind.equals("contact") && namesErased(schema, List.of(survivor))) {
            scrub(schema, survivor);
        }
    }

    private void company(String schema, CloudEvent event, JsonNode data, long version) {
        if (event.type().equals("crm.company.merged.v1")) {
            merged(
                    schema,
                    "company",
                    UUID.fromString(event.subject()),
                    UUID.fromString(data.path("survivorId").asString()),
                    version);
            return;
        }
        JsonNode c = data.path("company");
        jdbc.sql("insert into " + schema + ".company (id, version, name, owner_id, created_by, status)"
                        + " values (:id, :version, :name, :owner, :createdBy, :status)"
                        + " on conflict (id) do update set version = excluded.version, name = excluded.name,"
                        + " owner_id = excluded.owner_id, created_by = excluded.created_by,"
                        + " status = excluded.status where " + schema + ".company.version < excluded.version")
                .param("id", UUID.fromString(event.subject()))
                .param("version", version)
                .param("name", text(c, "name"))
                .param("owner", text(c, "ownerId"))
                .param("createdBy", text(c, "createdBy"))
                .param("status", c.path("deletedAt").isNull() ? "live" : "deleted")
                .update();
    }

    private void pipeline(String schema, JsonNode p, long version) {
        UUID id = UUID.fromString(p.path("id").asString());
        int stored = jdbc.sql("insert into " + schema + ".pipeline (id, version, name, archived)"
                        + " values (:id, :version, :name, :archived) on conflict (id) do update set"
                        + " version = excluded.version, name = excluded.name, archived = excluded.archived"
                        + " where " + schema + ".pipeline.version < excluded.version")
                .param("id", id)
                .param("version", version)
                .param("name", text(p, "name"))
                .param("archived", !p.path("archivedAt").isNull())
                .update();
        if (stored == 0) {
            return;
        }
        jdbc.sql("update " + schema + ".stage set removed = true where pipeline_id = :id")
                .param("id", id)
                .update();
        int position = 0;
        for (JsonNode s : p.path("stages")) {
            jdbc.sql("insert into " + schema + ".stage (id, pipeline_id, name, probability, rotting_days, position,"
                            + " removed) values (:id, :pipeline, :name, :probability, :rotting, :position, false)"
                            + " on conflict (id) do update set name = excluded.name,"
                            + " probability = excluded.probability, rotting_days = excluded.rotting_days,"
                            + " position = excluded.position, removed = false")
                    .param("id", UUID.fromString(s.path("id").asString()))
                    .param("pipeline", id)
                    .param("name", text(s, "name"))
                    .param("probability", s.path("probability").asInt())
                    .param(
                            "rotting",
                            s.path("rottingDays").isNull()
                                    ? null
                                    : s.path("rottingDays").asInt())
                    .param("position", position++)
                    .update();
        }
    }

    private void deal(String schema, CloudEvent event, JsonNode data, long version) {
        JsonNode d = data.path("deal");
        JsonNode amount = d.path("amount");
        List<UUID> contacts = new ArrayList<>();
        d.path("contactIds").forEach(c -> contacts.add(UUID.fromString(c.asString())));
        jdbc.sql("insert into " + schema + ".deal (id, version, title, pipeline_id, stage_id, status,"
                        + " amount, currency, expected_close_date, owner_id, primary_contact_id, contact_ids,"
                        + " company_id, lead_source, created_at, stage_entered_at, closed_at, deleted)"
                        + " values (:id, :version, :title, :pipeline, :stage, :status, :amount, :currency, :close,"
                        + " :owner, :primary, :contacts, :company, :source, :created, :entered, :closed, :deleted)"
                        + " on conflict (id) do update set version = excluded.version, title = excluded.title,"
                        + " pipeline_id = excluded.pipeline_id, stage_id = excluded.stage_id,"
                        + " status = excluded.status, amount = excluded.amount, currency = excluded.currency,"
                        + " expected_close_date = excluded.expected_close_date, owner_id = excluded.owner_id,"
                        + " primary_contact_id = excluded.primary_contact_id, contact_ids = excluded.contact_ids,"
                        + " company_id = excluded.company_id, lead_source = excluded.lead_source,"
                        + " created_at = excluded.created_at, stage_entered_at = excluded.stage_entered_at,"
                        + " closed_at = excluded.closed_at, deleted = excluded.deleted"
                        + " where " + schema + ".deal.version < excluded.version")
                .param("id", UUID.fromString(d.path("id").asString()))
                .param("version", version)
                .param("title", text(d, "title"))
                .param("pipeline", uuid(d, "pipelineId"))
                .param("stage", uuid(d, "stageId"))
                .param("status", text(d, "status"))
                .param(
                        "amount",
                        amount.isObject() ? new BigDecimal(amount.path("value").asString()) : null)
                .param("currency", amount.isObject() ? amount.path("currency").asString() : null)
                .param(
                        "close",
                        d.path("expectedCloseDate").isString()
                                ? LocalDate.parse(d.path("expectedCloseDate").asString())
                                : null)
                .param("owner", text(d, "ownerId"))
                .param("primary", uuid(d, "primaryContactId"))
                .param("contacts", contacts.toArray(UUID[]::new))
                .param("company", uuid(d, "companyId"))
                .param("source", text(d, "leadSource"))
                .param("created", time(d, "createdAt"))
                .param("entered", time(d, "stageEnteredAt"))
                .param("closed", time(d, "closedAt"))
                .param("deleted", !d.path("deletedAt").isNull())
                .update();
        boolean created = event.type().equals("crm.deal.created.v1");
        boolean moved = event.type().equals("crm.deal.stage-changed.v1");
        if (created || moved) {
            // A fact of the history, kept even when a newer snapshot is already here.
            jdbc.sql("insert into " + schema + ".deal_stage_change (event_id, deal_id, from_stage_id, to_stage_id,"
                            + " changed_at, millis_in_previous) values (:event, :deal, :from, :to, :at, :millis)"
                            + " on conflict (event_id) do nothing")
                    .param("event", event.id())
                    .param("deal", UUID.fromString(d.path("id").asString()))
                    .param("from", moved ? uuid(data, "fromStageId") : null)
                    .param("to", moved ? uuid(data, "toStageId") : uuid(d, "stageId"))
                    .param("at", moved ? Timestamp.from(event.time()) : time(d, "createdAt"))
                    .param(
                            "millis",
                            moved ? data.path("timeInPreviousStageMillis").asLong() : null)
                    .update();
        }
    }

    private void activity(String schema, JsonNode a, long version) {
        List<UUID> contacts = new ArrayList<>();
        a.path("contactIds").forEach(c -> contacts.add(UUID.fromString(c.asString())));
        boolean deleted = !a.path("deletedAt").isNull();
        String subject = deleted || namesErased(schema, contacts) ? null : text(a, "subject");
        jdbc.sql("insert into " + schema + ".activity (id, version, type, subject, occurred_at, author, contact_ids,"
                        + " company_id, deal_id, deleted) values (:id, :version, :type, :subject, :occurred, :author,"
                        + " :contacts, :company, :deal, :deleted) on conflict (id) do update set"
                        + " version = excluded.version, type = excluded.type, subject = excluded.subject,"
                        + " occurred_at = excluded.occurred_at, author = excluded.author,"
                        + " contact_ids = excluded.contact_ids, company_id = excluded.company_id,"
                        + " deal_id = excluded.deal_id, deleted = excluded.deleted"
                        + " where " + schema + ".activity.version < excluded.version")
                .param("id", UUID.fromString(a.path("id").asString()))
                .param("version", version)
                .param("type", text(a, "type"))
                .param("subject", subject)
                .param("occurred", time(a, "occurredAt"))
                .param("author", text(a, "createdBy"))
                .param("contacts", contacts.toArray(UUID[]::new))
                .param("company", uuid(a, "companyId"))
                .param("deal", uuid(a, "dealId"))
                .param("deleted", deleted)
                .update();
    }

    private void task(String schema, JsonNode t, long version) {
        List<UUID> contacts = new ArrayList<>();
        t.path("contactIds").forEach(c -> contacts.add(UUID.fromString(c.asString())));
        String title = namesErased(schema, contacts) ? ERASED_TASK_TITLE : text(t, "title");
        jdbc.sql("insert into " + schema + ".task (id, version, title, due_at, status, assignee, created_by,"
                        + " contact_ids, deal_id, completed_at) values (:id, :version, :title, :due, :status, :assignee,"
                        + " :createdBy, :contacts, :deal, :completed) on conflict (id) do update set"
                        + " version = excluded.version, title = excluded.title, due_at = excluded.due_at,"
                        + " status = excluded.status, assignee = excluded.assignee, created_by = excluded.created_by,"
                        + " contact_ids = excluded.contact_ids,"
                        + " deal_id = excluded.deal_id, completed_at = excluded.completed_at"
                        + " where " + schema + ".task.version < excluded.version")
                .param("id", UUID.fromString(t.path("id").asString()))
                .param("version", version)
                .param("title", title)
                .param("due", time(t, "dueAt"))
                .param("status", text(t, "status"))
                .param("assignee", text(t, "assignee"))
                .param("createdBy", text(t, "createdBy"))
                .param("contacts", contacts.toArray(UUID[]::new))
                .param("deal", uuid(t, "dealId"))
                .param("completed", time(t, "completedAt"))
                .update();
    }

    private void ticket(String schema, JsonNode k, long version) {
        UUID requester = uuid(k, "requesterContactId");
        String subject = requester != null && namesErased(schema, List.of(requester))
                ? ERASED_TICKET_SUBJECT
                : text(k, "subject");
        jdbc.sql("insert into " + schema + ".ticket (id, version, number, subject, status, priority, channel,"
                        + " requester_contact_id, company_id, assignee, team, created_by, created_at,"
                        + " first_responded_at, resolved_at, first_response_breached_at, resolution_breached_at)"
                        + " values (:id, :version, :number, :subject, :status, :priority, :channel, :requester,"
                        + " :company, :assignee, :team, :createdBy, :created, :responded, :resolved, :frBreached,"
                        + " :resBreached) on conflict (id) do update set"
                        + " version = excluded.version, subject = excluded.subject, status = excluded.status,"
                        + " priority = excluded.priority, channel = excluded.channel,"
                        + " requester_contact_id = excluded.requester_contact_id, company_id = excluded.company_id,"
                        + " assignee = excluded.assignee, team = excluded.team, created_by = excluded.created_by,"
                        + " first_responded_at = excluded.first_responded_at, resolved_at = excluded.resolved_at,"
                        + " first_response_breached_at = excluded.first_response_breached_at,"
                        + " resolution_breached_at = excluded.resolution_breached_at"
                        + " where " + schema + ".ticket.version < excluded.version")
                .param("id", UUID.fromString(k.path("id").asString()))
                .param("version", version)
                .param("number", k.path("number").asLong())
                .param("subject", subject)
                .param("status", text(k, "status"))
                .param("priority", text(k, "priority"))
                .param("channel", text(k, "channel"))
                .param("requester", requester)
                .param("company", uuid(k, "companyId"))
                .param("assignee", text(k, "assignee"))
                .param("team", text(k, "team"))
                .param("createdBy", text(k, "createdBy"))
                .param("created", time(k, "createdAt"))
                .param("responded", time(k, "firstRespondedAt"))
                .param("resolved", time(k, "resolvedAt"))
                .param("frBreached", time(k, "firstResponseBreachedAt"))
                .param("resBreached", time(k, "resolutionBreachedAt"))
                .update();
    }

    /** "First Last", else the primary email, else null. */
    static String contactName(JsonNode c) {
        String name = String.join(
                        " ",
                        java.util.stream.Stream.of(text(c, "firstName"), text(c, "lastName"))
                                .filter(s -> s != null && !s.isBlank())
                                .toList())
                .strip();
        if (!name.isEmpty()) {
            return name;
        }
        for (JsonNode email : c.path("emails")) {
            if (email.path("primary").asBoolean(false)) {
                return email.path("address").asString();
            }
        }
        return null;
    }

    static String text(JsonNode node, String field) {
        JsonNode value = node.path(field);
        return value.isString() ? value.asString() : null;
    }

    static UUID uuid(JsonNode node, String field) {
        String value = text(node, field);
        return value == null ? null : UUID.fromString(value);
    }

    static Timestamp time(JsonNode node, String field) {
        String value = text(node, field);
        return value == null ? null : Timestamp.from(Instant.parse(value));
    }
}
