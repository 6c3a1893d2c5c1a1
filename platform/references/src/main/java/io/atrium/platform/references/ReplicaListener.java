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
 * whose data carries the record (e.g. {@code data.contact}) refreshes its name; a {@code deleted} or {@code erased}
 * fact removes the name. Each publishes {@link ReferenceChanged} or {@link ReferenceRemoved} in the same transaction as
 * the inbox record. An erasure also forgets this service's stored idempotent responses that mention the erased record
 * (they may show its name), in that transaction.
 */
public final class ReplicaListener {

    private final EventInbox inbox;
    private final ReplicaStore replicas;
    private final ApplicationEventPublisher publisher;
    private final String consumer;
    private final List<ReferenceKind> kinds;
    private final IdempotentRequests idempotency;

    ReplicaListener(
            EventInbox inbox,
            ReplicaStore replicas,
            ApplicationEventPublisher publisher,
            String consumer,
            List<ReferenceKind> kinds,
            IdempotentRequests idempotency) {
        this.inbox = inbox;
        this.replicas = replicas;
        this.publisher = publisher;
        this.consumer = consumer;
        this.kinds = List.copyOf(kinds);
        this.idempotency = idempotency;
    }

    /** The topics of the kinds this service refers to (read by the listener annotation). */
    public String[] topics() {
        return kinds.stream().map(ReferenceKind::topic).distinct().toArray(String[]::new);
    }

    @KafkaListener(topics = "#{__listener.topics()}")
    void on(ConsumerRecord<String, byte[]> record) {
        inbox.process(consumer, record, this::apply);
    }

    void apply(CloudEvent event) {
        ReferenceKind kind =
                ReferenceKind.ofTopic(event.type().substring(0, event.type().indexOf('.', 4)));
        if (kind == null || !kinds.contains(kind)) {
            return;
        }
        UUID id = UUID.fromString(event.subject());
        long version = event.aggregateversion();
        if (event.type().endsWith(".deleted.v1")) {
            remove(kind, id, Replica.Status.DELETED, version);
        } else if (event.type().endsWith(".erased.v1")) {
            remove(kind, id, Replica.Status.ERASED, version);
        } else {
            JsonNode entity = event.data().path(kind.wire());
            if (entity.isObject()
                    && replicas.save(new Replica(id, kind, kind.displayName(entity), Replica.Status.LIVE, version))) {
                publisher.publishEvent(new ReferenceChanged(kind, id, entity));
            }
            // Else a fact this version does not know that carries no record: recorded by the inbox, nothing to do.
        }
    }

    private void remove(ReferenceKind kind, UUID id, Replica.Status status, long version) {
        if (replicas.save(new Replica(id, kind, null, status, version))) {
            if (status == Replica.Status.ERASED && idempotency != null) {
                idempotency.forgetMentioning(List.of(id));
            }
            publisher.publishEvent(new ReferenceRemoved(kind, id, status));
        }
    }
}
