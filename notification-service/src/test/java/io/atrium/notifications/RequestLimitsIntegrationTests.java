package io.atrium.notifications;

import static org.assertj.core.api.Assertions.assertThat;

import io.atrium.platform.test.ApiClient;
import io.atrium.platform.test.HostileInput;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * No input makes the service work hard: every free-text field of every write refuses a 1 MB pathological value with a
 * 4xx problem naming the field within a second, and writes nothing. No value reaches a DNS lookup: a webhook URL is
 * measured before its host is resolved.
 */
class RequestLimitsIntegrationTests extends IntegrationTest {

    private static final HostileInput TEXT = HostileInput.of("a");

    /** Endpoint, field, a body that puts {@code %s} in the field, and the value worst for the field's checks. */
    static Stream<Arguments> hostileFields() {
        String subscription = "{\"url\":\"http://127.0.0.1:9/hook\",\"eventTypes\":[\"crm.deal.*\"],";
        return Stream.of(
                // No dot after the @ and an @ at the end: minutes of backtracking for ^[^@\s]+@[^@\s]+\.[^@\s]+$.
                Arguments.of(
                        "PUT /notifications/preferences", "email", "{\"email\":%s}", HostileInput.of("a@", ".", "@")),
                Arguments.of(
                        "PUT /notifications/preferences", "email", "{\"email\":%s}", HostileInput.of("a@a", ".a", " ")),
                Arguments.of(
                        "PUT /notifications/preferences", "email", "{\"email\":%s}", HostileInput.of("a@", "a", "")),
                Arguments.of("PUT /notifications/preferences", "email", "{\"email\":%s}", HostileInput.of("@")),
                Arguments.of(
                        "PUT /notifications/preferences",
                        "digest.zone",
                        "{\"digest\":{\"zone\":%s}}",
                        HostileInput.of("Europe/")),
                Arguments.of(
                        "PUT /notifications/preferences",
                        "digest.zone",
                        "{\"digest\":{\"zone\":%s}}",
                        HostileInput.of("+1")),
                Arguments.of("PUT /notifications/preferences", "digest.enabled", "{\"digest\":{\"enabled\":%s}}", TEXT),
                Arguments.of(
                        "PUT /notifications/preferences",
                        "types.deal-moved.channels[0]",
                        "{\"types\":{\"deal-moved\":{\"channels\":[%s]}}}",
                        HostileInput.of("in-app")),
                Arguments.of(
                        "PUT /notifications/preferences",
                        HostileInput.READER_LIMIT,
                        "{\"types\":{%s:{\"channels\":[]}}}",
                        TEXT),
                Arguments.of(
                        "POST /webhooks/subscriptions",
                        "url",
                        "{\"eventTypes\":[\"crm.*\"],\"url\":%s}",
                        HostileInput.of("https://", "a", "/")),
                Arguments.of(
                        "POST /webhooks/subscriptions",
                        "url",
                        "{\"eventTypes\":[\"crm.*\"],\"url\":%s}",
                        HostileInput.of("http://[", "1:", "]/")),
                Arguments.of("POST /webhooks/subscriptions", "description", subscription + "\"description\":%s}", TEXT),
                // Each ".a" is one more turn of (\.[a-z0-9-]+)*: a pattern engine that recurses per turn overflows.
                Arguments.of(
                        "POST /webhooks/subscriptions",
                        "eventTypes[0]",
                        "{\"url\":\"http://127.0.0.1:9/hook\",\"eventTypes\":[%s]}",
                        HostileInput.of("crm", ".a", "!")),
                Arguments.of(
                        "POST /webhooks/subscriptions",
                        "eventTypes[0]",
                        "{\"url\":\"http://127.0.0.1:9/hook\",\"eventTypes\":[%s]}",
                        HostileInput.of("-")),
                Arguments.of(
                        "POST /webhooks/subscriptions",
                        "filters",
                        subscription + "\"filters\":{%s:\"x\"}}",
                        HostileInput.of("data", ".a", "!").sized(49_000)),
                Arguments.of(
                        "POST /webhooks/subscriptions",
                        HostileInput.READER_LIMIT,
                        subscription + "\"filters\":{%s:\"x\"}}",
                        TEXT),
                Arguments.of(
                        "POST /webhooks/subscriptions",
                        "filters.source",
                        subscription + "\"filters\":{\"source\":%s}}",
                        TEXT),
                Arguments.of("POST /webhooks/subscriptions", "active", subscription + "\"active\":%s}", TEXT),
                Arguments.of(
                        "PATCH /webhooks/subscriptions/{id}",
                        "url",
                        "{\"url\":%s}",
                        HostileInput.of("http://", "a", "")),
                Arguments.of("PATCH /webhooks/subscriptions/{id}", "description", "{\"description\":%s}", TEXT),
                Arguments.of(
                        "PATCH /webhooks/subscriptions/{id}",
                        "eventTypes[0]",
                        "{\"eventTypes\":[%s]}",
                        HostileInput.of("crm", ".a", "!")),
                Arguments.of(
                        "PATCH /webhooks/subscriptions/{id}",
                        "filters",
                        "{\"filters\":{%s:\"x\"}}",
                        HostileInput.of("data", ".a", "").sized(49_000)),
                Arguments.of(
                        "PATCH /webhooks/subscriptions/{id}",
                        "filters.data.deal.ownerId",
                        "{\"filters\":{\"data.deal.ownerId\":%s}}",
                        TEXT));
    }

    private static String subscriptionId;

    @BeforeEach
    void target() {
        if (subscriptionId == null) {
            ApiClient.Response created = admin().post(
                            "/api/v1/webhooks/subscriptions",
                            json(Map.of(
                                    "url",
                                    "http://127.0.0.1:9/hook",
                                    "description",
                                    "Hostile target",
                                    "eventTypes",
                                    List.of("crm.nothing.v1"),
                                    "active",
                                    false)));
            assertThat(created.status()).as("%s", created.body()).isEqualTo(201);
            subscriptionId = created.body().path("subscription").path("id").asString();
            assertThat(put(as("hostile", "sales"), "/api/v1/notifications/preferences", "{\"digest\":{\"hour\":9}}")
                            .status())
                    .isEqualTo(200);
        }
    }

    @ParameterizedTest(name = "{0} {1} = {3}")
    @MethodSource("hostileFields")
    void aHostileValueIsRefusedWithinASecondAndChangesNothing(
            String endpoint, String field, String template, HostileInput input) {
        List<Object> before = state();
        ApiClient.Response response = input.refusedInTime(template, body -> send(endpoint, body));
        HostileInput.assertNames(response, field);
        assertThat(state()).isEqualTo(before);
    }

    private ApiClient.Response send(String endpoint, String body) {
        String subscription = "/api/v1/webhooks/subscriptions/" + subscriptionId;
        return switch (endpoint) {
            case "PUT /notifications/preferences" ->
                put(as("hostile", "sales"), "/api/v1/notifications/preferences", body);
            case "POST /webhooks/subscriptions" -> admin().post("/api/v1/webhooks/subscriptions", body);
            case "PATCH /webhooks/subscriptions/{id}" -> admin().patch(subscription, body, null);
            default -> throw new IllegalArgumentException(endpoint);
        };
    }

    /** What a write would change: the caller's preferences, the subscriptions and the target's version. */
    private List<Object> state() {
        return List.of(
                count("select count(*) from webhook_subscription"),
                count("select count(*) from preference where user_id = 'hostile'"),
                jdbc.sql("select digest_hour || ':' || digest_enabled from recipient where user_id = 'hostile'")
                        .query(String.class)
                        .single(),
                admin().get("/api/v1/webhooks/subscriptions/" + subscriptionId).etag());
    }
}
