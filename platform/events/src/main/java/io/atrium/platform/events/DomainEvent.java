package io.atrium.platform.events;

/**
 * Something that happened to an aggregate, recorded by the aggregate itself. Features own their event records and
 * implement this; the outbox turns them into {@link CloudEvent}s.
 */
public interface DomainEvent {

    EventType eventType();

    /** The aggregate id: CloudEvents {@code subject} and the Kafka record key. */
    String aggregateId();

    /** The aggregate's version after this change; strictly increasing per aggregate. */
    long aggregateVersion();

    /** The CloudEvents {@code data}: the aggregate's full state after the change plus what changed. */
    Object data();
}
