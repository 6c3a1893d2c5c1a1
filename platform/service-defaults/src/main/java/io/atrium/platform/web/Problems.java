package io.atrium.platform.web;

import java.net.URI;

/** Problem type URIs. They are stable identifiers, documented in docs/architecture.md, not fetchable pages. */
public final class Problems {

    public static final String TYPE_PREFIX = "urn:atrium:problem:";

    private Problems() {}

    public static URI type(String slug) {
        return URI.create(TYPE_PREFIX + slug);
    }
}
