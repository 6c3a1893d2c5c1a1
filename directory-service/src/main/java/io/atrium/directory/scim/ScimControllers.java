package io.atrium.directory.scim;

import java.util.UUID;
import org.springframework.http.ResponseEntity;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;
import tools.jackson.databind.JsonNode;

/** Response helpers of the SCIM endpoints. */
final class ScimControllers {

    private ScimControllers() {}

    /** The SCIM base URL as the caller reached it (behind the gateway: the gateway's, from forwarded headers). */
    static String baseUrl() {
        return ServletUriComponentsBuilder.fromCurrentContextPath()
                .path("/scim/v2")
                .toUriString();
    }

    static ResponseEntity<JsonNode> ok(long version, JsonNode body) {
        return ResponseEntity.ok()
                .eTag(Scim.etag(version))
                .contentType(Scim.MEDIA_TYPE)
                .body(body);
    }

    static ResponseEntity<JsonNode> ok(JsonNode body) {
        return ResponseEntity.ok().contentType(Scim.MEDIA_TYPE).body(body);
    }

    static UUID uuidOrNull(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
