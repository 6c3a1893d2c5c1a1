package io.atrium.reporting.audit;

import io.atrium.platform.events.CloudEvent;
import io.atrium.platform.events.EventJson;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Turns each event into one audit entry, inside the inbox transaction (so an event is recorded once or not at all).
 * Every event already carries the record's whole state after the change; the old values are the previous state this
 * log kept ({@code audit_record_state}). A created record has every field new, an update or any other change (won,
 * stage-changed, ...) the fields that differ, a deleted or erased record only the fact. System fields (id, version,
 * created and updated by and at) are not changes.
 *
 * <p>Erasure ({@code crm.<type>.erased.v1}) keeps that a change happened — time, actor, request, event type and the
 * names of the fields — and removes the values: of the record's own entries and of every entry of a record that named
 * the erased contact, and the stored states that hold them. Events that arrive later about an erased record, or naming
 * an erased contact, are stored without values.
 */
@Component
class AuditLog {

    private static final Set<String> SYSTEM_FIELDS =
            Set.of("id", "version", "createdAt", "createdBy", "updatedAt", "updatedBy");

    /** The fields through which a record names contacts. */
    private static final List<String> CONTACT_REFERENCES =
            List.of("contactId", "contactIds", "primaryContactId", "requesterContactId");

    private final JdbcClient jdbc;
    private final io.atrium.platform.jdbc.MergeChains merges;

    AuditLog(JdbcClient jdbc, io.atrium.platform.jdbc.MergeChains merges) {
        this.jdbc = jdbc;
        this.merges = merges;
    }

    record Stored(long version, JsonNode state) {}

    /**
     * Records these events in order with exactly the entries and stored states {@link #record} gives one at a time,
     * set-based: consecutive events other than erasures and merges are recorded together (issue 18: ~4 statements per
     * event kept the audit log the costliest consumer behind an import). Inside such a run nothing is erased, so which
     * records and contacts are erased is read once; the previous states are read once and replayed in memory as record
     * would store them; the entries are inserted in one statement and each record's newest state stored in one more.
     * Erasures and merges are recorded one at a time between runs.
     */
    void recordAll(List<CloudEvent> events) {
        List<CloudEvent> run = new ArrayList<>();
        for (CloudEvent event : events) {
            String recordType = recordType(event.type());
            String fact = fact(event.type(), recordType);
            if (fact.equals("erased") || fact.equals("merged")) {
                recordRun(run);
                run.clear();
                record(event);
            } else {
                run.add(event);
            }
        }
        recordRun(run);
    }

    private record Key(String type, String id) {}

    private void recordRun(List<CloudEvent> run) {
        if (run.isEmpty()) {
            return;
        }
        if (run.size() == 1) {
            record(run.getFirst());
            return;
        }
        java.util.LinkedHashSet<Key> keys = new java.util.LinkedHashSet<>();
        for (CloudEvent event : run) {
            keys.add(new Key(recordType(event.type()), event.subject()));
        }
        java.util.Map<Key, Stored> states = new java.util.HashMap<>();
        jdbc.sql("""
                        select s.record_type, s.record_id, s.version, s.state
                        from audit_record_state s
                        join unnest(cast(:types as text[]), cast(:ids as text[])) as k (type, id)
                            on s.record_type = k.type and s.record_id = k.id
                        """)
                .param("types", keys.stream().map(Key::type).toArray(String[]::new))
                .param("ids", keys.stream().map(Key::id).toArray(String[]::new))
                .query((rs, row) -> states.put(
                        new Key(rs.getString(1), rs.getString(2)),
                        new Stored(rs.getLong(3), EventJson.mapper().readTree(rs.getString(4)))))
                .list();

        // Every contact an entry of the run can name: those of the events' states and of the stored ones (an entry
        // names its record's state's contacts and its previous state's, which is one of those).
        Set<String> contactIds = new java.util.HashSet<>();
        for (CloudEvent event : run) {
            String recordType = recordType(event.type());
            JsonNode state = event.data().get(recordType) instanceof ObjectNode o ? o : null;
            contacts(recordType, event.subject(), state).forEach(c -> contactIds.add(c.toString()));
        }
        states.forEach((key, state) ->
                contacts(key.type(), key.id(), state.state()).forEach(c -> contactIds.add(c.toString())));
        Set<Key> erasedRecords = new java.util.HashSet<>(jdbc.sql("""
                        select e.record_type, e.record_id from audit_erased_record e
                        where (e.record_type, e.record_id) in (
                                select * from unnest(cast(:types as text[]), cast(:ids as text[])))
                            or (e.record_type = 'contact' and e.record_id = any(:contacts))
                        """)
                .param("types", keys.stream().map(Key::type).toArray(String[]::new))
                .param("ids", keys.stream().map(Key::id).toArray(String[]::new))
                .param("contacts", contactIds.toArray(String[]::new))
                .query((rs, row) -> new Key(rs.getString(1), rs.getString(2)))
                .list());

        // The entries, in order, and each record's state as record would leave it.
        int n = run.size();
        UUID[] eventIds = new UUID[n];
        String[] times = new String[n];
        String[] types = new String[n];
        String[] ids = new String[n];
        String[] eventTypes = new String[n];
        long[] versions = new long[n];
        String[] actors = new String[n];
        String[] requests = new String[n];
        String[] clients = new String[n];
        String[] changeSets = new String[n];
        boolean[] erasedEntries = new boolean[n];
        String[] entryContacts = new String[n];
        java.util.Map<Key, Stored> stored = new java.util.LinkedHashMap<>();
        Set<Key> forgotten = new java.util.LinkedHashSet<>();
        java.util.Map<Key, Stored> current = new java.util.HashMap<>(states);
        for (int i = 0; i < n; i++) {
            CloudEvent event = run.get(i);
            String recordType = recordType(event.type());
            String fact = fact(event.type(), recordType);
            Key key = new Key(recordType, event.subject());
            JsonNode state = event.data().get(recordType) instanceof ObjectNode o ? o : null;
            Optional<Stored> before = Optional.ofNullable(current.get(key));
            Set<UUID> contacts = contacts(recordType, event.subject(), state);
            before.ifPresent(p -> contacts.addAll(contacts(recordType, event.subject(), p.state())));
            boolean erased = erasedRecords.contains(key)
                    || contacts.stream().anyMatch(c -> erasedRecords.contains(new Key("contact", c.toString())));
            ArrayNode changes = fact.equals("deleted") || state == null
                    ? JsonNodeFactory.instance.arrayNode()
                    : diff(before.map(Stored::state).orElse(null), state);
            if (erased) {
                changes = withoutValues(changes);
            }
            eventIds[i] = event.id();
            // Rounded to microseconds half up, as the driver rounds a bound timestamp (PostgreSQL would round text
            // half to even).
            times[i] = event.time()
                    .plusNanos(500)
                    .truncatedTo(java.time.temporal.ChronoUnit.MICROS)
                    .toString();
            types[i] = recordType;
            ids[i] = event.subject();
            eventTypes[i] = event.type();
            versions[i] = event.aggregateversion();
            actors[i] = event.actor();
            requests[i] = event.requestid();
            clients[i] = event.clientid();
            changeSets[i] = EventJson.mapper().writeValueAsString(changes);
            erasedEntries[i] = erased;
            entryContacts[i] =
                    contacts.stream().map(UUID::toString).collect(java.util.stream.Collectors.joining(",", "{", "}"));
            if (state == null) {
                continue;
            }
            if (erased) {
                forgotten.add(key);
                stored.remove(key);
                current.remove(key);
            } else if (!current.containsKey(key) || current.get(key).version() < event.aggregateversion()) {
                current.put(key, new Stored(event.aggregateversion(), state));
                // A forgotten state stays forgotten: its delete runs first, then this newer one is stored (the
                // stored row may be newer than this event, which one at a time would have deleted before it).
                stored.put(key, current.get(key));
            }
        }
        jdbc.sql("""
                        insert into audit_entry (event_id, occurred_at, record_type, record_id, event_type,
                            aggregate_version, actor, request_id, client_id, changes, erased, contact_ids)
                        select e.event_id, e.occurred_at, e.record_type, e.record_id, e.event_type, e.version,
                            e.actor, e.request_id, e.client_id, cast(e.changes as jsonb), e.erased,
                            cast(e.contacts as uuid[])
                        from unnest(cast(:events as uuid[]), cast(:times as timestamptz[]), cast(:types as text[]),
                                    cast(:ids as text[]), cast(:eventTypes as text[]), cast(:versions as bigint[]),
                                    cast(:actors as text[]), cast(:requests as text[]), cast(:clients as text[]),
                                    cast(:changes as text[]), cast(:erased as boolean[]), cast(:contacts as text[]))
                            with ordinality as e (event_id, occurred_at, record_type, record_id, event_type, version,
                                actor, request_id, client_id, changes, erased, contacts, n)
                        order by e.n
                        on conflict (event_id) do nothing
                        """)
                .param("events", eventIds)
                .param("times", times)
                .param("types", types)
                .param("ids", ids)
                .param("eventTypes", eventTypes)
                .param("versions", versions)
                .param("actors", actors)
                .param("requests", requests)
                .param("clients", clients)
                .param("changes", changeSets)
                .param("erased", erasedEntries)
                .param("contacts", entryContacts)
                .update();
        if (!forgotten.isEmpty()) {
            jdbc.sql("""
                            delete from audit_record_state s
                            using unnest(cast(:types as text[]), cast(:ids as text[])) as k (type, id)
                            where s.record_type = k.type and s.record_id = k.id
                            """)
                    .param("types", forgotten.stream().map(Key::type).toArray(String[]::new))
                    .param("ids", forgotten.stream().map(Key::id).toArray(String[]::new))
                    .update();
        }
        if (!stored.isEmpty()) {
            List<Key> order = stored.keySet().stream()
                    .sorted(java.util.Comparator.comparing(Key::type).thenComparing(Key::id))
                    .toList();
            jdbc.sql("""
                            insert into audit_record_state (record_type, record_id, version, state, contact_ids)
                            select s.type, s.id, s.version, cast(s.state as jsonb), cast(s.contacts as uuid[])
                            from unnest(cast(:types as text[]), cast(:ids as text[]), cast(:versions as bigint[]),
                                        cast(:states as text[]), cast(:contacts as text[]))
                                with ordinality as s (type, id, version, state, contacts, n)
                            order by s.n
                            on conflict (record_type, record_id) do update set version = excluded.version,
                                state = excluded.state, contact_ids = excluded.contact_ids
                            where audit_record_state.version < excluded.version
                            """)
                    .param("types", order.stream().map(Key::type).toArray(String[]::new))
                    .param("ids", order.stream().map(Key::id).toArray(String[]::new))
                    .param(
                            "versions",
                            order.stream()
                                    .mapToLong(k -> stored.get(k).version())
                                    .toArray())
                    .param(
                            "states",
                            order.stream()
                                    .map(k -> EventJson.mapper()
                                            .writeValueAsString(stored.get(k).state()))
                                    .toArray(String[]::new))
                    .param(
                            "contacts",
                            order.stream()
                                    .map(k -> contacts(
                                                    k.type(),
                                                    k.id(),
                                                    stored.get(k).state())
                                            .stream()
                                            .map(UUID::toString)
                                            .collect(java.util.stream.Collectors.joining(",", "{", "}")))
                                    .toArray(String[]::new))
                    .update();
        }
    }

    void record(CloudEvent event) {
        String recordType = recordType(event.type());
        String fact = fact(event.type(), recordType);
        String recordId = event.subject();
        if (fact.equals("erased")) {
            erase(recordType, recordId, event);
            return;
        }
        if (fact.equals("merged")) {
            merge(recordType, recordId, event);
            return;
        }
        JsonNode state = event.data().get(recordType) instanceof ObjectNode o ? o : null;
        Optional<Stored> previous = previous(recordType, recordId);
        // The entry holds old and new values: it names the contacts of both states (a scrubbed version that no longer
        // names a contact still carries, as old values, what named them).
        Set<UUID> contacts = contacts(recordType, recordId, state);
        previous.ifPresent(p -> contacts.addAll(contacts(recordType, recordId, p.state())));
        boolean erased = isErased(recordType, recordId, contacts);
        ArrayNode changes = fact.equals("deleted") || state == null
                ? JsonNodeFactory.instance.arrayNode()
                : diff(previous.map(Stored::state).orElse(null), state);
        if (erased) {
            changes = withoutValues(changes);
        }
        insert(event, recordType, recordId, changes, erased, contacts);
        if (state == null) {
            return;
        }
        if (erased) {
            jdbc.sql("delete from audit_record_state where record_type = :type and record_id = :id")
                    .param("type", recordType)
                    .param("id", recordId)
                    .update();
            return;
        }
        Set<UUID> named = contacts(recordType, recordId, state);
        jdbc.sql("""
                        insert into audit_record_state (record_type, record_id, version, state, contact_ids)
                        values (:type, :id, :version, cast(:state as jsonb), :contacts)
                        on conflict (record_type, record_id) do update set version = excluded.version,
                            state = excluded.state, contact_ids = excluded.contact_ids
                        where audit_record_state.version < excluded.version
                        """)
                .param("type", recordType)
                .param("id", recordId)
                .param("version", event.aggregateversion())
                .param("state", EventJson.mapper().writeValueAsString(state))
                .param("contacts", named.toArray(UUID[]::new))
                .update();
    }

    /**
     * A contact or company merged into another: its history becomes the survivor's (entries about it, the merge
     * included, are listed under the survivor, and entries that named it name the survivor, so the survivor's erasure
     * reaches them). The duplicate's stored state goes; the survivor's update that follows diffs against its own.
     */
    private void merge(String recordType, String recordId, CloudEvent event) {
        UUID merged = uuid(recordId);
        String survivor = merged == null
                ? event.data().path("survivorId").asString()
                : merges.record(
                                merged,
                                UUID.fromString(event.data().path("survivorId").asString()))
                        .toString();
        Set<UUID> contacts = new LinkedHashSet<>();
        if (recordType.equals("contact")) {
            contacts.add(uuid(survivor));
        }
        boolean erased = isErased(recordType, survivor, contacts);
        insert(event, recordType, recordId, JsonNodeFactory.instance.arrayNode(), erased, contacts);
        jdbc.sql("update audit_entry set record_id = :survivor where record_type = :type and record_id = :id")
                .param("survivor", survivor)
                .param("type", recordType)
                .param("id", recordId)
                .update();
        if (recordType.equals("contact")) {
            jdbc.sql("""
                            update audit_entry set contact_ids = array_replace(contact_ids, cast(:id as uuid),
                                cast(:survivor as uuid))
                            where contact_ids @> array[cast(:id as uuid)]
                            """)
                    .param("id", uuid(recordId))
                    .param("survivor", uuid(survivor))
                    .update();
        }
        jdbc.sql("delete from audit_record_state where record_type = :type and record_id = :id")
                .param("type", recordType)
                .param("id", recordId)
                .update();
        if (erased) {
            // The survivor's erasure was applied before this merge arrived: what moved onto it loses its values too.
            jdbc.sql("""
                            update audit_entry set erased = true, changes = coalesce((
                                select jsonb_agg(jsonb_build_object('field', c.value -> 'field', 'old', null, 'new',
                                    null) order by c.ordinality)
                                from jsonb_array_elements(changes) with ordinality c), '[]')
                            where not erased and ((record_type = :type and record_id = :survivor)
                                or (cast(:contact as uuid) is not null and contact_ids @> array[cast(:contact as uuid)]))
                            """)
                    .param("type", recordType)
                    .param("survivor", survivor)
                    .param("contact", recordType.equals("contact") ? uuid(survivor) : null)
                    .update();
        }
    }

    private void erase(String recordType, String recordId, CloudEvent event) {
        jdbc.sql("""
                        insert into audit_erased_record (record_type, record_id, erased_at) values (:type, :id, :at)
                        on conflict do nothing
                        """)
                .param("type", recordType)
                .param("id", recordId)
                .param("at", Timestamp.from(event.time()))
                .update();
        UUID contact = recordType.equals("contact") ? uuid(recordId) : null;
        jdbc.sql("""
                        update audit_entry set erased = true, changes = coalesce((
                            select jsonb_agg(jsonb_build_object('field', c.value -> 'field', 'old', null, 'new', null)
                                order by c.ordinality)
                            from jsonb_array_elements(changes) with ordinality c), '[]')
                        where (record_type = :type and record_id = :id)
                            or (cast(:contact as uuid) is not null and contact_ids @> array[cast(:contact as uuid)])
                        """)
                .param("type", recordType)
                .param("id", recordId)
                .param("contact", contact)
                .update();
        jdbc.sql("""
                        delete from audit_record_state where (record_type = :type and record_id = :id)
                            or (cast(:contact as uuid) is not null and contact_ids @> array[cast(:contact as uuid)])
                        """)
                .param("type", recordType)
                .param("id", recordId)
                .param("contact", contact)
                .update();
        insert(
                event,
                recordType,
                recordId,
                JsonNodeFactory.instance.arrayNode(),
                true,
                contact == null ? Set.of() : Set.of(contact));
    }

    private void insert(
            CloudEvent event,
            String recordType,
            String recordId,
            ArrayNode changes,
            boolean erased,
            Set<UUID> contacts) {
        jdbc.sql("""
                        insert into audit_entry (event_id, occurred_at, record_type, record_id, event_type,
                            aggregate_version, actor, request_id, client_id, changes, erased, contact_ids)
                        values (:event, :at, :type, :id, :eventType, :version, :actor, :request, :client,
                            cast(:changes as jsonb), :erased, :contacts)
                        on conflict (event_id) do nothing
                        """)
                .param("event", event.id())
                .param("at", Timestamp.from(event.time()))
                .param("type", recordType)
                .param("id", recordId)
                .param("eventType", event.type())
                .param("version", event.aggregateversion())
                .param("actor", event.actor())
                .param("request", event.requestid())
                .param("client", event.clientid())
                .param("changes", EventJson.mapper().writeValueAsString(changes))
                .param("erased", erased)
                .param("contacts", contacts.toArray(UUID[]::new))
                .update();
    }

    /** The fields that differ between two states, in the order of the new one; every field when there is no old. */
    static ArrayNode diff(JsonNode before, JsonNode after) {
        ArrayNode changes = JsonNodeFactory.instance.arrayNode();
        Set<String> fields = new LinkedHashSet<>(after.propertyNames());
        if (before != null) {
            fields.addAll(before.propertyNames());
        }
        for (String field : fields) {
            if (SYSTEM_FIELDS.contains(field)) {
                continue;
            }
            JsonNode old = before == null ? null : before.get(field);
            JsonNode now = after.get(field);
            if (before == null && (now == null || now.isNull())) {
                continue;
            }
            if (!Objects.equals(orNull(old), orNull(now))) {
                ObjectNode change = changes.addObject();
                change.put("field", field);
                change.set("old", orNull(old));
                change.set("new", orNull(now));
            }
        }
        return changes;
    }

    private static ArrayNode withoutValues(ArrayNode changes) {
        ArrayNode scrubbed = JsonNodeFactory.instance.arrayNode();
        changes.forEach(c -> scrubbed.addObject()
                .put("field", c.path("field").asString())
                .putNull("old")
                .putNull("new"));
        return scrubbed;
    }

    private static JsonNode orNull(JsonNode node) {
        return node == null ? JsonNodeFactory.instance.nullNode() : node;
    }

    private Optional<Stored> previous(String recordType, String recordId) {
        return jdbc.sql("select version, state from audit_record_state where record_type = :type and record_id = :id")
                .param("type", recordType)
                .param("id", recordId)
                .query((rs, row) ->
                        new Stored(rs.getLong("version"), EventJson.mapper().readTree(rs.getString("state"))))
                .optional();
    }

    private boolean isErased(String recordType, String recordId, Set<UUID> contacts) {
        return jdbc.sql("""
                        select exists (select 1 from audit_erased_record where (record_type = :type and record_id = :id)
                            or (record_type = 'contact' and record_id = any(:contacts)))
                        """)
                .param("type", recordType)
                .param("id", recordId)
                .param("contacts", contacts.stream().map(UUID::toString).toArray(String[]::new))
                .query(Boolean.class)
                .single();
    }

    /** The contacts a record names (a contact names itself). */
    static Set<UUID> contacts(String recordType, String recordId, JsonNode state) {
        Set<UUID> contacts = new LinkedHashSet<>();
        if (recordType.equals("contact")) {
            Optional.ofNullable(uuid(recordId)).ifPresent(contacts::add);
        }
        if (state == null) {
            return contacts;
        }
        for (String field : CONTACT_REFERENCES) {
            JsonNode value = state.get(field);
            List<JsonNode> values = new ArrayList<>();
            if (value != null && value.isArray()) {
                value.forEach(values::add);
            } else if (value != null) {
                values.add(value);
            }
            values.stream()
                    .filter(JsonNode::isString)
                    .map(v -> uuid(v.asString()))
                    .filter(Objects::nonNull)
                    .forEach(contacts::add);
        }
        return contacts;
    }

    /** {@code crm.deal.stage-changed.v1} is about a {@code deal}. */
    static String recordType(String eventType) {
        return eventType.substring("crm.".length(), eventType.indexOf('.', "crm.".length()));
    }

    /** {@code crm.deal.stage-changed.v1} tells that it {@code stage-changed}. */
    private static String fact(String eventType, String recordType) {
        String rest = eventType.substring("crm.".length() + recordType.length() + 1);
        return rest.substring(0, rest.lastIndexOf('.'));
    }

    private static UUID uuid(String text) {
        try {
            return UUID.fromString(text);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
