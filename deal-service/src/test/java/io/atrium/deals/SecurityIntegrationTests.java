package io.atrium.deals;

import static org.assertj.core.api.Assertions.assertThat;

import io.atrium.platform.test.ApiClient;
import org.junit.jupiter.api.Test;

/** deal-service enforces the role matrix itself (docs/security.md), with real signed tokens, no gateway. */
class SecurityIntegrationTests extends IntegrationTest {

    @Test
    void salesWritesDealsSupportMarketingAndReadOnlyDoNot() {
        ApiClient.Response pipeline = pipeline(unique("Roles "), "A:10");
        String body = "{\"pipelineId\":\"" + pipeline.id() + "\",\"title\":\"x\"}";
        long deals = rows("deal");

        for (String role : new String[] {"support", "marketing", "read-only"}) {
            ApiClient.Response refused = apiAs(role).post("/api/v1/deals", body);
            assertThat(refused.status()).as(role).isEqualTo(403);
            assertThat(refused.contentType()).startsWith("application/problem+json");
        }
        assertThat(rows("deal")).isEqualTo(deals);

        String id = deal(pipeline, "Sales may", "").id();
        assertThat(apiAs("support").post("/api/v1/deals/" + id + "/win", "{}").status())
                .isEqualTo(403);
        assertThat(apiAs("support").get("/api/v1/deals/" + id).status()).isEqualTo(200);
        assertThat(apiAs("read-only")
                        .get("/api/v1/pipelines/" + pipeline.id() + "/board")
                        .status())
                .isEqualTo(200);
    }

    @Test
    void onlyAdminsConfigurePipelines() {
        String body = "{\"name\":\"" + unique("P ") + "\",\"stages\":[{\"name\":\"A\",\"probability\":1}]}";
        assertThat(sales.post("/api/v1/pipelines", body).status()).isEqualTo(403);
        ApiClient.Response pipeline = pipeline(unique("Admin "), "A:10", "B:20");
        assertThat(sales.delete("/api/v1/pipelines/" + pipeline.id() + "/stages/" + stageId(pipeline, 1), "\"1\"")
                        .status())
                .isEqualTo(403);
        assertThat(sales.get("/api/v1/pipelines/" + pipeline.id()).status()).isEqualTo(200);
    }

    @Test
    void noTokenOrABadTokenIs401() {
        assertThat(apiWithToken(null).get("/api/v1/deals").status()).isEqualTo(401);
        assertThat(apiWithToken("garbage").get("/api/v1/pipelines").status()).isEqualTo(401);
    }
}
