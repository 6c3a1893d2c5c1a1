package io.atrium.platform.references;

import java.util.UUID;
import tools.jackson.databind.JsonNode;

/**
 * A record this service refers to was created or changed by its owner: its whole state as the event carried it. Part of
 * {@link ReferencesChanged}, published inside the transaction that applies the event, for a service that keeps more of
 * it than a name (e.g. a contact's email addresses, to know what an erasure must remove).
 */
public record ReferenceChanged(ReferenceKind kind, UUID id, JsonNode entity) {}
