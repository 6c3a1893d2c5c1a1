package io.atrium.deals;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.atrium.platform.test.GrafanaDashboard;
import io.atrium.platform.test.GrafanaDashboard.Row;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpMethod;

/**
 * The Grafana dashboard (deploy/observability/grafana) shows only what the services really expose: its rows about
 * every service (requests, JVM, database pool), the event outbox and the event consumers use only metrics and labels
 * deal-service's scrape has once it has served requests, published an event and consumed one.
 */
class GrafanaDashboardMetricsTests extends IntegrationTest {

    @Test
    void theDashboardsServiceOutboxAndConsumerPanelsUseWhatDealServiceExposes() {
        GrafanaDashboard dashboard = GrafanaDashboard.load();
        // A request answered, and an event through the outbox to Kafka; then an event consumed.
        pipeline(unique("Dashboard "), "Qualified:10");
        knownContact("Dash", "Board");

        await("deal-service's scrape has every metric the dashboard's rows use")
                .atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(dashboard.notExposed(
                                scrape(), Row.OVERVIEW, Row.HTTP, Row.JVM, Row.DATABASE, Row.OUTBOX, Row.CONSUMERS))
                        .isEmpty());
    }

    private String scrape() {
        return api.exchange(HttpMethod.GET, "/actuator/prometheus", null, null, h -> {})
                .body()
                .asString();
    }
}
