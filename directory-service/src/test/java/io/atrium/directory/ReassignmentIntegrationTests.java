package io.atrium.directory;

import static org.assertj.core.api.Assertions.assertThat;

import io.atrium.platform.test.ApiClient;
import io.atrium.platform.test.KafkaEvents;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Bulk reassignment (issue 14): an admin asks that a user's records move to another active user; directory-service
 * accepts the request and publishes one {@code crm.user.reassignment-requested.v1}, keyed by the from-user.
 */
class ReassignmentIntegrationTests extends IntegrationTest {

    private static final String REQUESTED = "crm.user.reassignment-requested.v1";

    private static String to(String id) {
        return "{\"to\":\"" + id + "\"}";
    }

    @Test
    void aDeactivatedUsersRecordsAreReassignedWithOneEvent() {
        String fromName = unique("leaver.");
        String toName = unique("heir.");
        String from = provisionUser(fromName);
        String heir = provisionUser(toName);
        admin.post("/api/v1/users/" + from + "/deactivate", null);

        ApiClient.Response accepted = admin.post("/api/v1/users/" + from + "/reassignments", to(heir));

        assertThat(accepted.status()).as(accepted.body().toString()).isEqualTo(202);
        JsonNode body = accepted.body();
        assertThat(body.path("fromUserId").asString()).isEqualTo(from);
        assertThat(body.path("fromSubject").asString()).isEqualTo(fromName);
        assertThat(body.path("toUserId").asString()).isEqualTo(heir);
        assertThat(body.path("toSubject").asString()).isEqualTo(toName);
        assertThat(body.path("requestedBy").asString()).isEqualTo("user-admin");
        assertThat(body.path("id").asString()).isNotBlank();
        assertThat(body.path("requestedAt").asString()).isNotBlank();

        assertEvents(userEvents(), from, "crm.user.created.v1", "crm.user.deactivated.v1", REQUESTED);
        KafkaEvents.Received event = userEvents().awaitType(from, REQUESTED);
        assertThat(event.event().path("aggregateversion").asLong()).isEqualTo(3);
        assertThat(event.event().path("data").path("reassignment")).isEqualTo(body);
        // The request is a fact about the from-user: it bumps their version; the to-user is untouched.
        assertThat(admin.get("/api/v1/users/" + from).etag()).isEqualTo("\"3\"");
        assertThat(admin.get("/api/v1/users/" + heir).etag()).isEqualTo("\"1\"");
        assertEvents(userEvents(), heir, "crm.user.created.v1");
    }

    @Test
    void anActiveUserCanBeReassignedAndAnIdempotencyKeyPublishesOnce() {
        String from = provisionUser(unique("mover."));
        String heir = provisionUser(unique("taker."));
        String key = unique("reassign-");

        ApiClient.Response first =
                admin.post("/api/v1/users/" + from + "/reassignments", to(heir), h -> h.set("Idempotency-Key", key));
        ApiClient.Response retry =
                admin.post("/api/v1/users/" + from + "/reassignments", to(heir), h -> h.set("Idempotency-Key", key));

        assertThat(first.status()).isEqualTo(202);
        assertThat(retry.status()).isEqualTo(202);
        assertThat(retry.headers().getFirst("Idempotent-Replayed")).isEqualTo("true");
        assertThat(retry.body()).isEqualTo(first.body());
        assertThat(admin.post("/api/v1/users/" + heir + "/reassignments", to(from), h -> h.set("Idempotency-Key", key))
                        .status())
                .isEqualTo(422);
        assertEvents(userEvents(), from, "crm.user.created.v1", REQUESTED);
    }

    @Test
    void theTargetMustBeAnotherKnownActiveUserAndARefusalPublishesNothing() {
        String from = provisionUser(unique("stays."));
        String inactive = provisionUser(unique("gone."));
        admin.post("/api/v1/users/" + inactive + "/deactivate", null);
        String path = "/api/v1/users/" + from + "/reassignments";

        assertRefused(admin.post(path, to("00000000-0000-0000-0000-000000000042")), 422, "unknown-user");
        assertRefused(admin.post(path, to(inactive)), 422, "inactive-user");
        assertRefused(admin.post(path, to(from)), 422, "reassignment-to-self");

        ApiClient.Response missing = admin.post(path, "{}");
        assertThat(missing.status()).isEqualTo(400);
        assertThat(missing.contentType()).startsWith("application/problem+json");
        assertThat(missing.errorFields()).containsExactly("to");
        ApiClient.Response malformed = admin.post(path, to("not-a-uuid"));
        assertThat(malformed.status()).isEqualTo(400);
        assertThat(malformed.contentType()).startsWith("application/problem+json");

        assertThat(admin.get("/api/v1/users/" + from).etag()).isEqualTo("\"1\"");
        assertEvents(userEvents(), from, "crm.user.created.v1");
    }

    @Test
    void anUnknownUserIs404AndOnlyAdminsMayReassign() {
        String heir = provisionUser(unique("target."));
        String from = provisionUser(unique("source."));

        ApiClient.Response unknown =
                admin.post("/api/v1/users/00000000-0000-0000-0000-000000000043/reassignments", to(heir));
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.contentType()).startsWith("application/problem+json");

        for (String role : List.of("sales", "support", "read-only", "scim")) {
            ApiClient.Response refused = apiAs(role).post("/api/v1/users/" + from + "/reassignments", to(heir));
            assertThat(refused.status()).as(role).isEqualTo(403);
            assertThat(refused.contentType()).startsWith("application/problem+json");
        }
        assertEvents(userEvents(), from, "crm.user.created.v1");
    }

    private static void assertRefused(ApiClient.Response response, int status, String type) {
        assertThat(response.status()).as(response.body().toString()).isEqualTo(status);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.body().path("type").asString()).isEqualTo("urn:atrium:problem:" + type);
        assertThat(response.body().path("field").asString()).isEqualTo("to");
    }
}
