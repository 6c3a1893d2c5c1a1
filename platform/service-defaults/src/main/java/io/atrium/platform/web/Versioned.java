package io.atrium.platform.web;

import java.util.UUID;

/**
 * A resource the API hands out under its id with its version as ETag (see {@link ConditionalRequests}): what
 * {@link Responses} needs of a view to answer a create, a read or a write.
 */
public interface Versioned {

    UUID id();

    long version();
}
