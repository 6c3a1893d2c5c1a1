package io.atrium.platform.references;

import io.atrium.platform.events.CloudEvent;
import io.atrium.platform.events.EventInbox;
import io.atrium.platform.web.IdempotentRequests;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.kafka.annotation.KafkaListener;
import tools.jackson.databind.JsonNode;

/**
 * Keeps the replica from the owners' events, each applied once (the inbox) and never over a newer version. Every event
 * whose data carries the record (e.g. {@code data.contact}) refreshes its name and what it is found by ({@link Handle});
 * a {@code deleted} or {@code erased} fact removes them, and so does a {@code merged} one, which re-points what refers
 * to it. Each publishes {@link ReferencesChanged}, {@link ReferenceRemoved} or {@link ReferenceMerged} in the same
 * transaction as the inbox record. An erasure also forgets this service's stored idempotent responses that mention
 * the erased record
 * (they may show its name), in that transaction.
 */
public final class ReplicaListener {

    private final EventInbox inbox;
    private final ReplicaStore replicas;
    private final ApplicationEventPublisher publisher;
    private final String consumer;
    private final List<ReferenceKind> kinds;
    private final IdempotentRequests idempotency;
    private final io.atrium.platform.events.TraceContextSupport trace;

    ReplicaListener(
            EventInbox inbox,
            ReplicaStore replicas,
            ApplicationEventPublisher publisher,
            String consumer,
            List<ReferenceKind> kinds,
            IdempotentRequests idempotency,
            io.atrium.platform.events.TraceContextSupport trace) {
        this.inbox = inbox;
        this.replicas = replicas;
        this.publisher = publisher;
        this.consumer = consumer;
        this.kinds = List.copyOf(kinds);
        this.idempotency = idempotency;
        this.trace = trace;
    }

    /** The topics of the kinds this service refers to (read by the listener annotation). */
    public String[] topics() {
        return kinds.stream().map(ReferenceKind::topic).distinct().toArray(String[]::new);
    }

    /**
     * A poll's records in one transaction (a commit per event held an import's downstream replicas at a few hundred
     * events/s on two cores, docs/performance.md "Imports"), set-based: a run of events that carry their record's state
     * is stored in three statements ({@link #applyAll}); a failing record is named by its index and retried or
     * dead-lettered alone ({@link EventInbox#processBatchSetBased}). Every effect here writes in that transaction only.
     */
    @KafkaListener(topics = "#{__listener.topics()}", containerFactory = "atriumBatchListenerFactory")
    void on(List<ConsumerRecord<String, byte[]>> records) {
        inbox.processBatchSetBased(consumer, records, this::applyAll);
    }

    /**
     * Applies these events (each newer than what the inbox had applied of its record) in order with the results
     * {@link #apply} gives one at a time: consecutive events that carry their record's state are stored together, only
     * the newest state of each record (one at a time, each would replace the one before it); deletions, erasures and
     * merges one at a time between such runs.
     */
    void applyAll(List<CloudEvent> events) {
        java.util.LinkedHashMap<UUID, CloudEvent> run = new java.util.LinkedHashMap<>();
        for (CloudEvent event : events) {
            ReferenceKind kind = kindOf(event);
            if (kind == null) {
                continue;
            }
            if (isState(event)) {
                if (event.data().path(kind.wire()).isObject()) {
                    run.merge(
                            UUID.fromString(event.subject()),
                            event,
                            (had, next) -> next.aggregateversion() > had.aggregateversion() ? next : had);
                }
                // Else a fact this version does not know that carries no record: nothing to do.
            } else {
                store(run.values());
                run.clear();
                // In the event's own span: what the listeners of a removal or a merge publish continues its trace.
                trace.inSpanOf(event, () -> {
                    apply(event);
                    return null;
                });
            }
        }
        store(run.values());
    }

    private void store(java.util.Collection<CloudEvent> newest) {
        if (newest.isEmpty()) {
            return;
        }
        List<Replica> states = new java.util.ArrayList<>(newest.size());
        java.util.Map<UUID, List<Handle>> handles = new java.util.HashMap<>();
        List<ReferenceChanged> changes = new java.util.ArrayList<>(newest.size());
        for (CloudEvent event : newest) {
            ReferenceKind kind = kindOf(event);
            UUID id = UUID.fromString(event.subject());
            JsonNode entity = event.data().path(kind.wire());
            states.add(new Replica(id, kind, kind.displayName(entity), Replica.Status.LIVE, event.aggregateversion()));
            handles.put(id, kind.handles(entity));
            changes.add(new ReferenceChanged(kind, id, entity));
        }
        java.util.Set<UUID> saved = replicas.saveAll(states, handles);
        if (!saved.isEmpty()) {
            publisher.publishEvent(new ReferencesChanged(
                    changes.stream().filter(c -> saved.contains(c.id())).toList()));
        }
    }

    private ReferenceKind kindOf(CloudEvent event) {
        ReferenceKind kind =
                ReferenceKind.ofTopic(event.type().substring(0, event.type().indexOf('.', 4)));
        return kind == null || !kinds.contains(kind) ? null : kind;
    }

    private static boolean isState(CloudEvent event) {
        return !event.type().endsWith(".deleted.v1")
                && !event.type().endsWith(".erased.v1")
                && !event.type().endsWith(".merged.v1");
    }

    void apply(CloudEvent event) {
        ReferenceKind kind = kindOf(event);
        if (kind == null) {
            return;
        }
        UUID id = UUID.fromString(event.subject());
        long version = event.aggregateversion();
        if (event.type().endsWith(".deleted.v1")) {
            remove(kind, id, Replica.Status.DELETED, version);
        } else if (event.type().endsWith(".erased.v1")) {
            remove(kind, id, Replica.Status.ERASED, version);
        } else if (event.type().endsWith(".merged.v1")) {
            merge(kind, id, UUID.fromString(event.data().path("survivorId").asString()), version);
        } else {
            JsonNode entity = event.data().path(kind.wire());
            if (entity.isObject()
                    && replicas.save(
                            new Replica(id, kind, kind.displayName(entity), Replica.Status.LIVE, version),
                            kind.handles(entity))) {
                publisher.publishEvent(new ReferencesChanged(List.of(new ReferenceChanged(kind, id, entity))));
            }
            // Else a fact this version does not know that carries no record: recorded by the inbox, nothing to do.
        }
    }

    /**
     * Re-points what refers to {@code id} to where it went: the survivor, or where the survivor went if its own merge
     * arrived first (a chain's events travel on different keys). A survivor erased or deleted by the time this merge
     * arrives takes the duplicate with it: what refers to the duplicate is scrubbed or detached as the survivor's was,
     * never moved onto a record whose erasure has already been applied.
     */
    private void merge(ReferenceKind kind, UUID id, UUID survivor, long version) {
        String name = replicas.find(List.of(id)).stream()
                .map(Replica::name)
                .filter(java.util.Objects::nonNull)
                .findFirst()
                .orElse(null);
        List<Handle> had = replicas.handles(id);
        if (!replicas.save(new Replica(id, kind, null, Replica.Status.DELETED, version), List.of())) {
            return;
        }
        UUID end = replicas.merge(id, survivor);
        Replica.Status status = replicas.status(end).orElse(Replica.Status.LIVE);
        if (status == Replica.Status.LIVE) {
            publisher.publishEvent(new ReferenceMerged(kind, id, end));
        } else {
            if (status == Replica.Status.ERASED && idempotency != null) {
                idempotency.forgetMentioning(List.of(id));
            }
            publisher.publishEvent(new ReferenceRemoved(kind, id, status, name, had));
        }
    }

    private void remove(ReferenceKind kind, UUID id, Replica.Status status, long version) {
        String name = replicas.find(List.of(id)).stream()
                .map(Replica::name)
                .filter(java.util.Objects::nonNull)
                .findFirst()
                .orElse(null);
        List<Handle> had = replicas.handles(id);
        if (replicas.save(new Replica(id, kind, null, status, version), List.of())) {
            if (status == Replica.Status.ERASED && idempotency != null) {
                idempotency.forgetMentioning(List.of(id));
            }
            publisher.publishEvent(new ReferenceRemoved(kind, id, status, name, had));
        }
    }
}
