package io.atrium.platform.web;

import java.net.URI;
import org.springframework.http.ResponseEntity;

/**
 * The answers a resource controller gives, so a controller method says only what differs: a create answers 201 with
 * the new resource's {@code Location} and {@code ETag}; a read or a write answers 200 with the {@code ETag} of the
 * version it now has. The ETag is always {@link ConditionalRequests#etag the version}, which clients send back as
 * {@code If-Match}.
 */
public final class Responses {

    private Responses() {}

    /** 201 Created at {@code collection/id} (e.g. {@code /api/v1/contacts}), with the resource as body. */
    public static <V extends Versioned> ResponseEntity<V> created(String collection, V resource) {
        return created(collection, resource, resource);
    }

    /** 201 Created at {@code collection/id} of {@code resource}, answering {@code body} (a view that wraps it). */
    public static <T> ResponseEntity<T> created(String collection, Versioned resource, T body) {
        return ResponseEntity.created(URI.create(collection + "/" + resource.id()))
                .eTag(ConditionalRequests.etag(resource.version()))
                .body(body);
    }

    /** 200 with the resource as body and its version as ETag. */
    public static <V extends Versioned> ResponseEntity<V> ok(V resource) {
        return ok(resource, resource);
    }

    /** 200 answering {@code body} (a view that wraps {@code resource}) with the resource's version as ETag. */
    public static <T> ResponseEntity<T> ok(Versioned resource, T body) {
        return ResponseEntity.ok()
                .eTag(ConditionalRequests.etag(resource.version()))
                .body(body);
    }
}
