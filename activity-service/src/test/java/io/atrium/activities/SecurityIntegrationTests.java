package io.atrium.activities;

import static org.assertj.core.api.Assertions.assertThat;

import io.atrium.platform.test.ApiClient;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The role rules of docs/security.md, enforced by activity-service itself (no gateway in front). */
class SecurityIntegrationTests extends IntegrationTest {

    @Test
    void withoutAValidTokenNothingIsReadOrWritten() {
        ApiClient anonymous = apiWithToken(null);
        ApiClient forged = apiWithToken("eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.");
        long outbox = rows("atrium_outbox");
        for (ApiClient client : new ApiClient[] {anonymous, forged}) {
            assertThat(client.get("/api/v1/activities").status()).isEqualTo(401);
            assertThat(client.get("/api/v1/timeline?contactId=" + UUID.randomUUID())
                            .status())
                    .isEqualTo(401);
            assertThat(client.post("/api/v1/activities", "{\"type\":\"note\",\"body\":\"x\"}")
                            .status())
                    .isEqualTo(401);
        }
        assertThat(rows("atrium_outbox")).isEqualTo(outbox);
    }

    @Test
    void everyoneWhoTalksToCustomersLogsButOnlySupportWorksTickets() {
        UUID ada = owners.contact("Ada", "Lovelace");
        ApiClient marketing = apiAs("marketing");
        ApiClient viewer = apiAs("read-only");

        assertThat(marketing
                        .post("/api/v1/activities", "{\"type\":\"note\",\"body\":\"Webinar lead\"}")
                        .status())
                .isEqualTo(201);
        assertThat(support.post("/api/v1/tasks", "{\"title\":\"Check back\"}").status())
                .isEqualTo(201);
        assertThat(viewer.post("/api/v1/activities", "{\"type\":\"note\",\"body\":\"x\"}")
                        .status())
                .isEqualTo(403);
        assertThat(viewer.post("/api/v1/tasks", "{\"title\":\"x\"}").status()).isEqualTo(403);

        String ticketBody = "{\"subject\":\"s\",\"requesterContactId\":\"" + ada + "\"}";
        long tickets = rows("ticket");
        ApiClient.Response bySales = sales.post("/api/v1/tickets", ticketBody);
        assertThat(bySales.status()).isEqualTo(403);
        assertThat(bySales.contentType()).startsWith("application/problem+json");
        assertThat(rows("ticket")).isEqualTo(tickets);
        String ticket = support.post("/api/v1/tickets", ticketBody).id();
        assertThat(sales.post("/api/v1/tickets/" + ticket + "/replies", "{\"body\":\"x\"}")
                        .status())
                .isEqualTo(403);
        assertThat(sales.post("/api/v1/tickets/" + ticket + "/status", "{\"status\":\"open\"}")
                        .status())
                .isEqualTo(403);
        assertThat(viewer.get("/api/v1/tickets/" + ticket).status()).isEqualTo(200);
        assertThat(viewer.get("/api/v1/timeline?contactId=" + ada).status()).isEqualTo(200);
    }

    private ApiClient apiWithToken(String token) {
        return new ApiClient(port, token);
    }
}
