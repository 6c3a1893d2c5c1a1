package io.atrium.reporting;

import static org.assertj.core.api.Assertions.assertThat;

import io.atrium.platform.events.CloudEvent;
import io.atrium.platform.test.ApiClient;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Role rules per view, CSV, freshness, and bad parameters. */
class AccessAndInputIntegrationTests extends IntegrationTest {

    @Test
    void eachRoleSeesItsViews() {
        assertThat(anonymous().get("/api/v1/reports/pipeline").status()).isEqualTo(401);
        assertThat(support.get("/api/v1/reports/support/backlog").status()).isEqualTo(200);
        assertThat(support.get("/api/v1/reports/activity").status()).isEqualTo(200);
        ApiClient.Response forbidden = support.get("/api/v1/reports/sales-performance");
        assertThat(forbidden.status()).isEqualTo(403);
        assertThat(forbidden.contentType()).startsWith("application/problem+json");
        assertThat(support.get("/api/v1/reports/forecast").status()).isEqualTo(403);
        assertThat(sales.get("/api/v1/reports/sales-performance").status()).isEqualTo(200);
        assertThat(sales.get("/api/v1/reports/support/backlog").status()).isEqualTo(403);
        assertThat(viewer.get("/api/v1/reports/sales-performance").status()).isEqualTo(200);
        assertThat(sales.post("/api/v1/reports/rebuild", "{}").status()).isEqualTo(403);
        assertThat(viewer.get("/api/v1/reports/rebuild").status()).isEqualTo(403);
    }

    @Test
    void tableViewsComeAsCsvAndTheCustomerViewNamesMissingOnes() {
        UUID contact = UUID.randomUUID();
        String source = "csv-" + contact.toString().substring(0, 8);
        CloudEvent created = EventScript.contact(
                "crm.contact.created.v1", contact, 1, Instant.now(), "Grace, \"Amazing\"", "lead", source, source);
        script.send(created);
        awaitApplied(created);

        ApiClient.Response csv = sales.get("/api/v1/reports/marketing/lifecycle?format=csv&owner=" + source);
        assertThat(csv.status()).isEqualTo(200);
        assertThat(csv.contentType()).startsWith("text/csv");
        assertThat(csv.headers().getFirst("Content-Disposition")).contains("marketing-lifecycle.csv");
        assertThat(csv.body().asString())
                .as("RFC 4180: CRLF line ends")
                .isEqualTo("lifecycleStage,leadSource,contacts\r\nlead," + source + ",1\r\n");

        JsonNode customer =
                ok(sales.get("/api/v1/customers/" + contact + "/360")).body();
        assertThat(customer.path("contact").path("name").asString()).isEqualTo("Grace, \"Amazing\" Test");
        assertThat(customer.path("openDeals").isEmpty()).isTrue();
        assertThat(sales.get("/api/v1/customers/" + UUID.randomUUID() + "/360").status())
                .isEqualTo(404);

        CloudEvent erased = EventScript.event(
                "crm.contact.erased.v1",
                contact,
                2,
                Instant.now(),
                EventScript.data("crm.contact.erased.v1").put("contactId", contact.toString()));
        script.send(erased);
        awaitApplied(erased);
        assertThat(sales.get("/api/v1/customers/" + contact + "/360").status()).isEqualTo(410);
        String live = jdbc.sql("select schema_name from reporting_generation where status = 'live'")
                .query(String.class)
                .single();
        assertThat(jdbc.sql("select count(*) from " + live + ".contact where name like 'Grace%'")
                        .query(Long.class)
                        .single())
                .isZero();
    }

    @Test
    void freshnessSaysHowOldTheNewestAppliedEventIsAndTheLag() {
        CloudEvent created = EventScript.contact(
                "crm.contact.created.v1", UUID.randomUUID(), 1, Instant.now(), "Fresh", "lead", "fresh", "fresh");
        script.send(created);
        awaitApplied(created);
        JsonNode topics = ok(viewer.get("/api/v1/reports/freshness")).body().path("topics");
        JsonNode contacts = topics.valueStream()
                .filter(t -> t.path("topic").asString().equals("crm.contact"))
                .findFirst()
                .orElseThrow();
        assertThat(contacts.path("newestEventTime").isString()).isTrue();
        assertThat(contacts.path("ageSeconds").asLong()).isLessThan(600);
        assertThat(contacts.path("lag").isNumber()).as("%s", contacts).isTrue();
        assertThat(contacts.path("lag").asLong()).isGreaterThanOrEqualTo(0);
        assertThat(topics.size()).isEqualTo(7);
    }

    @Test
    void badParametersAreNamed() {
        assertThat(field(sales.get("/api/v1/reports/sales-performance?period=year")))
                .isEqualTo("period");
        assertThat(field(sales.get("/api/v1/reports/forecast?from=2026-13-01"))).isEqualTo("from");
        assertThat(field(sales.get("/api/v1/reports/forecast?from=2026-12-01&to=2026-01-01")))
                .isEqualTo("to");
        assertThat(field(sales.get("/api/v1/reports/pipeline?pipelineId=abc"))).isEqualTo("pipelineId");
        assertThat(field(sales.get("/api/v1/reports/pipeline?format=xml"))).isEqualTo("format");
        assertThat(field(sales.get("/api/v1/reports/stalled-deals?days=0"))).isEqualTo("days");
        assertThat(field(support.get("/api/v1/reports/support/performance?groupBy=mood")))
                .isEqualTo("groupBy");
        assertThat(field(sales.get("/api/v1/customers/nobody/360"))).isEqualTo("contactId");
    }

    private static String field(ApiClient.Response response) {
        assertThat(response.status()).as("%s", response.body()).isEqualTo(400);
        assertThat(response.contentType()).startsWith("application/problem+json");
        return response.body().path("errors").get(0).path("field").asString();
    }
}
