package io.atrium.platform.events;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * What every aggregate keeps besides its own state: its id, a version that each change bumps (the ETag and the events'
 * {@code aggregateversion}), who created and last changed it and when, and the events its changes recorded until the
 * service appends them to the outbox. Subclasses guard their transitions and call {@link #changed} and
 * {@link #record}; domain tests need no framework.
 */
public abstract class AggregateRoot<I> {

    private final I id;
    private long version;
    private final String createdBy;
    private final Instant createdAt;
    private String updatedBy;
    private Instant updatedAt;
    private final List<DomainEvent> events = new ArrayList<>();

    protected AggregateRoot(
            I id, long version, String createdBy, Instant createdAt, String updatedBy, Instant updatedAt) {
        this.id = id;
        this.version = version;
        this.createdBy = createdBy;
        this.createdAt = createdAt;
        this.updatedBy = updatedBy;
        this.updatedAt = updatedAt;
    }

    /** A change happened: the next version, made by {@code actor} at {@code now}. */
    protected final void changed(String actor, Instant now) {
        version++;
        updatedBy = actor;
        updatedAt = now;
    }

    protected final void record(DomainEvent event) {
        events.add(event);
    }

    /** The events recorded since the last pull, oldest first; the caller appends them to the outbox. */
    public final List<DomainEvent> pullEvents() {
        List<DomainEvent> pulled = List.copyOf(events);
        events.clear();
        return pulled;
    }

    public final I id() {
        return id;
    }

    public final long version() {
        return version;
    }

    public final String createdBy() {
        return createdBy;
    }

    public final Instant createdAt() {
        return createdAt;
    }

    public final String updatedBy() {
        return updatedBy;
    }

    public final Instant updatedAt() {
        return updatedAt;
    }
}
