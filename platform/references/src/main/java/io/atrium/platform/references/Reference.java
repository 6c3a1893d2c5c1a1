package io.atrium.platform.references;

import java.util.UUID;

/**
 * One reference in a request: the field it came in (named in a problem), what it should point at, and the id.
 *
 * @param field the request field, e.g. {@code primaryContactId} or {@code contactIds[2]}
 */
public record Reference(String field, ReferenceKind kind, UUID id) {}
