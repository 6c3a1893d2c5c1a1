package io.atrium.contacts;

import static io.atrium.platform.test.AccessMatrix.EAST_MATE;
import static io.atrium.platform.test.AccessMatrix.EAST_REP;
import static io.atrium.platform.test.AccessMatrix.WEST_REP;
import static org.assertj.core.api.Assertions.assertThat;

import io.atrium.platform.test.ApiClient;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * Record access over duplicates: a caller sees a pair only when they may read both records, a create is warned only
 * about records the caller may see, and dismissing needs both. Sales read their team's contacts here (as in
 * {@link RecordAccessPolicyTests}, whose context this shares).
 */
@TestPropertySource(
        properties = {
            "atrium.access.policy.sales.contact.read=team",
            "atrium.access.policy.sales.contact.write=own",
            "atrium.access.policy.sales.company.read=own",
            "atrium.access.policy.sales.company.write=own"
        })
class DuplicateAccessIntegrationTests extends IntegrationTest {

    @Test
    void aPairIsSeenOnlyByWhoMayReadBothOfItsRecords() {
        provisionDirectory();
        String tag = unique("acc");
        String phone = DuplicateIntegrationTests.phone();
        String east = api.post(
                        "/api/v1/contacts",
                        ApiClient.json(Map.of(
                                "firstName",
                                "Erin",
                                "lastName",
                                tag,
                                "ownerId",
                                EAST_REP,
                                "phones",
                                List.of(Map.of("number", phone)))))
                .id();

        // West cannot see East's contact: creating its look-alike is no warning, and names nothing.
        ApiClient.Response west = as(WEST_REP)
                .post(
                        "/api/v1/contacts",
                        ApiClient.json(Map.of(
                                "firstName", "Wes", "lastName", tag, "phones", List.of(Map.of("number", phone)))));
        assertThat(west.status()).as(west.body().toString()).isEqualTo(201);
        String westId = west.id();

        assertThat(others(api, east)).containsExactly(westId);
        assertThat(others(as(WEST_REP), westId)).isEmpty();
        assertThat(others(as(EAST_REP), east)).isEmpty();
        assertThat(listed(as(WEST_REP))).doesNotContain(east, westId);
        assertThat(listed(as(EAST_REP))).doesNotContain(east, westId);
        assertThat(listed(api)).contains(east + westId);

        // East's teammate is warned about East's contact, not about West's.
        ApiClient.Response mate = as(EAST_MATE)
                .post(
                        "/api/v1/contacts",
                        ApiClient.json(Map.of(
                                "firstName", "Emma", "lastName", tag, "phones", List.of(Map.of("number", phone)))));
        assertThat(mate.status()).isEqualTo(409);
        assertThat(mate.body().path("duplicates").valueStream().map(d -> d.path("id")
                        .asString()))
                .containsExactly(east);

        // Dismissing needs both records in reach: West's out-of-reach one does not exist for them.
        ApiClient.Response dismissed = as(WEST_REP)
                .post("/api/v1/contacts/duplicates/dismissals", ApiClient.json(Map.of("ids", List.of(westId, east))));
        assertThat(dismissed.status()).isEqualTo(404);
        assertThat(dismissed.body().path("field").asString()).isEqualTo("ids[1]");
        assertThat(as(WEST_REP).get("/api/v1/contacts/" + east + "/duplicates").status())
                .isEqualTo(404);
        assertThat(others(api, east)).containsExactly(westId);
    }

    private static List<String> others(ApiClient client, String id) {
        ApiClient.Response response = client.get("/api/v1/contacts/" + id + "/duplicates");
        assertThat(response.status()).as(response.body().toString()).isEqualTo(200);
        List<String> ids = new ArrayList<>();
        response.body()
                .path("items")
                .forEach(p -> ids.add(p.path("records").get(1).path("id").asString()));
        return ids;
    }

    /** Every pair the client may see, as the two ids, and every id in them. */
    private static List<String> listed(ApiClient client) {
        List<String> listed = new ArrayList<>();
        String cursor = null;
        do {
            ApiClient.Response page =
                    client.get("/api/v1/contacts/duplicates?limit=200" + (cursor == null ? "" : "&cursor=" + cursor));
            assertThat(page.status()).isEqualTo(200);
            for (JsonNode pair : page.body().path("items")) {
                String first = pair.path("records").get(0).path("id").asString();
                String second = pair.path("records").get(1).path("id").asString();
                listed.add(first + second);
                listed.add(first);
                listed.add(second);
            }
            cursor = page.body().path("next").isString()
                    ? page.body().path("next").asString()
                    : null;
        } while (cursor != null);
        return listed;
    }
}
