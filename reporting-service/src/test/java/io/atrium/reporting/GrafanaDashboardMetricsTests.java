package io.atrium.reporting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.atrium.platform.events.CloudEvent;
import io.atrium.platform.test.GrafanaDashboard;
import io.atrium.platform.test.GrafanaDashboard.Row;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpMethod;

/**
 * The Grafana dashboard's reporting and consumer panels use only metrics and labels reporting-service exposes once it
 * has applied an event: its freshness gauges are the only place the dashboard reads them from.
 */
class GrafanaDashboardMetricsTests extends IntegrationTest {

    @Test
    void theDashboardsReportingAndConsumerPanelsUseWhatReportingServiceExposes() {
        GrafanaDashboard dashboard = GrafanaDashboard.load();
        CloudEvent created = EventScript.contact(
                "crm.contact.created.v1", UUID.randomUUID(), 1, Instant.now(), "Dash", "lead", "web", "sam");
        script.send(created);
        awaitApplied(created);

        await("reporting-service's scrape has every metric the dashboard's rows use")
                .atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(dashboard.notExposed(scrape(), Row.REPORTING, Row.CONSUMERS))
                        .isEmpty());
    }

    private String scrape() {
        return admin.exchange(HttpMethod.GET, "/actuator/prometheus", null, null, h -> {})
                .body()
                .asString();
    }
}
