package io.atrium.directory.scim;

import io.atrium.directory.ScimSearch;
import io.atrium.platform.web.CurrentActor;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.http.ResponseEntity;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The SCIM protocol of one resource type (RFC 7644 3), the same for Users and Groups: create (201 with Location and
 * ETag), get, search ({@code eq} filters, 1-based paging), replace, patch (applied to the resource's SCIM
 * representation, then read like a PUT) and delete, each answering {@code application/scim+json}. What differs —
 * mapping, service calls, what a DELETE does, which resources SCIM still sees — is the resource's {@link Adapter}.
 */
final class ScimResources<T, I> {

    /**
     * What one resource type brings: its name, its filterable attributes, its mapping and its use cases.
     *
     * @param <T> the resource as the service returns it
     * @param <I> what a SCIM representation of it says, as the service takes it
     */
    interface Adapter<T, I> {

        /** {@code User} or {@code Group}, as a 404 names it. */
        String name();

        /** The filterable attributes by lower-case name, in their canonical spelling (see {@link ScimFilter}). */
        Map<String, String> filterable();

        long version(T resource);

        /** The resource, or null when it is unknown or SCIM no longer sees it. */
        T find(UUID id);

        ObjectNode toScim(T resource, String baseUrl);

        /** Reads a SCIM representation: a POST's or PUT's body, or the patched one; {@code current} null on create. */
        I read(JsonNode body, T current);

        T create(I input, String actor);

        T replace(T current, Long expectedVersion, I input, String actor);

        void delete(T current, Long expectedVersion, String actor);

        ScimSearch.Found<T> search(String attribute, Object value, int offset, int count);
    }

    private final Adapter<T, I> adapter;

    ScimResources(Adapter<T, I> adapter) {
        this.adapter = adapter;
    }

    ResponseEntity<JsonNode> create(JsonNode body) {
        T created = adapter.create(adapter.read(body, null), CurrentActor.name());
        ObjectNode scim = adapter.toScim(created, ScimControllers.baseUrl());
        return ResponseEntity.created(
                        URI.create(scim.path("meta").path("location").asString()))
                .eTag(Scim.etag(adapter.version(created)))
                .contentType(Scim.MEDIA_TYPE)
                .body(scim);
    }

    ResponseEntity<JsonNode> get(String id) {
        return ok(visible(id));
    }

    ResponseEntity<JsonNode> search(String filter, Integer startIndex, Integer count) {
        ScimFilter parsed = ScimFilter.parse(filter, adapter.filterable());
        int start = Scim.startIndex(startIndex);
        int size = Scim.count(count);
        Object value = parsed == null ? null : parsed.value();
        if (parsed != null && parsed.attribute().equals("id")) {
            value = ScimControllers.uuidOrNull(parsed.value());
            if (value == null) {
                return ScimControllers.ok(Scim.listResponse(0, start, List.of()));
            }
        }
        ScimSearch.Found<T> found = adapter.search(parsed == null ? null : parsed.attribute(), value, start - 1, size);
        String base = ScimControllers.baseUrl();
        return ScimControllers.ok(Scim.listResponse(
                found.total(),
                start,
                found.items().stream().map(r -> adapter.toScim(r, base)).toList()));
    }

    ResponseEntity<JsonNode> replace(String id, String ifMatch, JsonNode body) {
        T current = visible(id);
        I input = adapter.read(body, current);
        return ok(adapter.replace(current, Scim.ifMatch(ifMatch), input, CurrentActor.name()));
    }

    /**
     * Applies the PatchOp to the current representation. Without {@code If-Match} the version read here is expected,
     * so a change between this read and the write fails with 412 rather than being overwritten.
     */
    ResponseEntity<JsonNode> patch(String id, String ifMatch, JsonNode body) {
        T current = visible(id);
        ObjectNode resource = (ObjectNode) Scim.lowerCaseNames(adapter.toScim(current, ScimControllers.baseUrl()));
        ScimPatch.apply(resource, body);
        I input = adapter.read(resource, current);
        Long expected = ifMatch == null ? Long.valueOf(adapter.version(current)) : Scim.ifMatch(ifMatch);
        // RFC 7644 3.5.2: 204 is allowed, but Okta and Entra ID both read a 200 with the resource.
        return ok(adapter.replace(current, expected, input, CurrentActor.name()));
    }

    ResponseEntity<Void> delete(String id, String ifMatch) {
        T current = visible(id);
        adapter.delete(current, Scim.ifMatch(ifMatch), CurrentActor.name());
        return ResponseEntity.noContent().build();
    }

    private ResponseEntity<JsonNode> ok(T resource) {
        return ScimControllers.ok(adapter.version(resource), adapter.toScim(resource, ScimControllers.baseUrl()));
    }

    /** The resource, unless its id is malformed or unknown, or SCIM no longer sees it: then a SCIM 404. */
    private T visible(String id) {
        UUID uuid = ScimControllers.uuidOrNull(id);
        T resource = uuid == null ? null : adapter.find(uuid);
        if (resource == null) {
            throw Scim.notFound(adapter.name(), id);
        }
        return resource;
    }
}
