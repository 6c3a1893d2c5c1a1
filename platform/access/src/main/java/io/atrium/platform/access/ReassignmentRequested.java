package io.atrium.platform.access;

import java.util.UUID;

/**
 * An admin asked to move every record of {@code fromSubject} to {@code toSubject} (usually because the first left).
 * Published inside the transaction that records the directory's event: a service listens with
 * {@code @EventListener} and reassigns its records in that transaction, through its aggregates, so each change
 * publishes its own events; the inbox makes sure it happens once.
 */
public record ReassignmentRequested(UUID id, String fromSubject, String toSubject, String requestedBy) {}
