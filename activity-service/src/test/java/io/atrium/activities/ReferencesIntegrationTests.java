package io.atrium.activities;

import static org.assertj.core.api.Assertions.assertThat;

import io.atrium.platform.test.ApiClient;
import io.atrium.platform.test.UpstreamDouble;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** References to contacts, companies and deals: the replica first, the owner over HTTP for ids it has not seen. */
class ReferencesIntegrationTests extends IntegrationTest {

    private final UpstreamDouble upstream = UpstreamDouble.instance();

    @Test
    void anIdTheReplicaHasNotSeenIsConfirmedByItsOwnerAndThenKnown() {
        UUID contact = UUID.randomUUID();
        UUID deal = UUID.randomUUID();
        upstream.contact(contact, "Fresh", "Contact");
        upstream.deal(deal, "Fresh deal");

        ApiClient.Response logged = sales.post(
                "/api/v1/activities",
                "{\"type\":\"note\",\"body\":\"x\",\"contactIds\":[\"" + contact + "\"],\"dealId\":\"" + deal + "\"}");

        assertThat(logged.status()).as("%s", logged.body()).isEqualTo(201);
        assertThat(upstream.lastAuthorization())
                .as("the caller's token is relayed")
                .startsWith("Bearer ");
        owners.awaitReplica(contact, "live");
        owners.awaitReplica(deal, "live");
        assertThat(sales.get("/api/v1/timeline?dealId=" + deal)
                        .body()
                        .path("items")
                        .get(0)
                        .path("names")
                        .path(contact.toString())
                        .asString())
                .isEqualTo("Fresh Contact");
    }

    @Test
    void aContactGivenAsACompanyIsUnknown() {
        UUID contact = owners.contact("Ada", "Lovelace");
        ApiClient.Response response = sales.post(
                "/api/v1/activities", "{\"type\":\"note\",\"body\":\"x\",\"companyId\":\"" + contact + "\"}");
        assertThat(problemFields(response, 422)).containsExactly("companyId");
    }

    @Test
    void whenTheOwnerCannotAnswerAnUnseenIdIsA503AndAKnownOneStillWorks() {
        UUID known = owners.contact("Known", "Person");
        upstream.mode(UpstreamDouble.Mode.FAILING);
        long activities = rows("activity");

        ApiClient.Response unseen = sales.post(
                "/api/v1/activities",
                "{\"type\":\"note\",\"body\":\"x\",\"contactIds\":[\"" + UUID.randomUUID() + "\"]}");
        assertThat(unseen.status()).as("%s", unseen.body()).isEqualTo(503);
        assertThat(unseen.headers().getFirst("Retry-After")).isNotBlank();
        assertThat(rows("activity")).isEqualTo(activities);

        ApiClient.Response knownOne = sales.post(
                "/api/v1/activities", "{\"type\":\"note\",\"body\":\"x\",\"contactIds\":[\"" + known + "\"]}");
        assertThat(knownOne.status()).isEqualTo(201);
    }
}
