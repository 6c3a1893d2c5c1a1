package io.atrium.platform.test;

import static org.assertj.core.api.Assertions.assertThat;

import io.atrium.platform.test.GrafanaDashboard.Expression;
import io.atrium.platform.test.GrafanaDashboard.Row;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The dashboard parses and imports as it is (schema, variables, titles, ids, data source), and the reading of PromQL
 * and scrapes that the services' GrafanaDashboardMetricsTests rely on finds what it must and nothing else.
 */
class GrafanaDashboardTests {

    @Test
    void theDashboardIsWellFormedAndEveryPanelIsOnTheDatasourceVariable() {
        GrafanaDashboard dashboard = GrafanaDashboard.load();

        assertThat(dashboard.structureProblems()).isEmpty();
        for (Row row : Row.values()) {
            assertThat(dashboard.queries(row)).as(row.title()).isNotEmpty();
        }
        assertThat(dashboard.variableQueries())
                .extracting(GrafanaDashboard.Query::expr)
                .contains("count by (service) (jvm_info)");
    }

    @Test
    void structureProblemsAreFound() {
        GrafanaDashboard broken = GrafanaDashboard.parse("""
                {"schemaVersion": 27, "uid": "x",
                 "templating": {"list": [{"name": "datasource", "type": "datasource", "query": "loki"}]},
                 "panels": [
                   {"type": "timeseries", "id": 1, "title": "Above the rows",
                    "datasource": {"type": "prometheus", "uid": "${datasource}"}, "targets": [{"expr": "up"}]},
                   {"type": "row", "id": 2, "title": "Overview", "panels": []},
                   {"type": "timeseries", "id": 2, "title": "",
                    "datasource": {"type": "prometheus", "uid": "P1809F7CD0C75ACF3"}, "targets": []}
                 ]}
                """);

        assertThat(broken.structureProblems())
                .containsExactlyInAnyOrder(
                        "schemaVersion is 27, not 39 or later",
                        "no template variable \"datasource\" of type datasource for prometheus",
                        "no template variable \"service\" from label_values(..., service)",
                        "panel \"Above the rows\" is above the first row",
                        "panel \"\" has id 2, which another panel has",
                        "panel 2 has no title",
                        "panel \"\" is not on the ${datasource} variable",
                        "panel \"\" has no queries",
                        "the rows are [Overview], not "
                                + java.util.Arrays.stream(Row.values())
                                        .map(Row::title)
                                        .toList());
    }

    @Test
    void anExpressionsMetricsAndLabelsAreReadAndNothingElse() {
        Expression quantile = Expression.of(
                "histogram_quantile(0.99, sum by (service, le) (rate(http_server_requests_seconds_bucket{service=~\"$service\","
                        + " uri!~\"/actuator/.*|x{y}\"}[$__rate_interval])))");
        assertThat(quantile.metrics())
                .isEqualTo(Map.of("http_server_requests_seconds_bucket", Set.of("service", "uri")));
        assertThat(quantile.grouping()).containsExactly("service", "le");

        Expression ratio = Expression.of(
                "sum(rate(a_total{status=~\"5..\"}[5m])) / on (service) group_left sum without (x) (b_total offset 1h)"
                        + " > bool 0 and c");
        assertThat(ratio.metrics()).isEqualTo(Map.of("a_total", Set.of("status"), "b_total", Set.of(), "c", Set.of()));
        assertThat(ratio.grouping()).containsExactly("service", "x");

        assertThat(Expression.of("max by (service) (atrium_outbox_leader) >= 0 unless 1e3")
                        .metrics())
                .containsOnlyKeys("atrium_outbox_leader");
    }

    @Test
    void whatAScrapeLacksIsNamedByPanelAndRow() {
        String scrape = """
                # HELP jvm_info JVM version info
                # TYPE jvm_info gauge
                jvm_info{runtime="OpenJDK",service="gateway",vendor="x \\"quoted\\", y=\\"z\\""} 1
                spring_cloud_gateway_requests_seconds_count{routeId="contact-service",service="gateway"} 3
                process_cpu_usage 0.5
                """;
        assertThat(GrafanaDashboard.exposedLabels(scrape))
                .containsEntry("jvm_info", Set.of("runtime", "service", "vendor"))
                .containsEntry("process_cpu_usage", Set.of());

        GrafanaDashboard dashboard = GrafanaDashboard.parse("""
                {"templating": {"list": [{"name": "service", "type": "query",
                  "query": {"query": "label_values(jvm_info, service)"}}]},
                 "panels": [
                   {"type": "row", "id": 1, "title": "Gateway"},
                   {"type": "timeseries", "id": 2, "title": "Routes", "targets": [
                     {"expr": "sum by (routeId, pod) (rate(spring_cloud_gateway_requests_seconds_count{service=\\"gateway\\", instance=~\\"$instance\\"}[5m]))"},
                     {"expr": "max by (service) (process_cpu_usage{area=\\"heap\\"}) + rate(no_such_metric_total[5m])"}]},
                   {"type": "row", "id": 3, "title": "Overview"},
                   {"type": "stat", "id": 4, "title": "Not asked for", "targets": [{"expr": "missing"}]}
                 ]}
                """);
        assertThat(dashboard.notExposed(scrape, Row.GATEWAY))
                .containsExactlyInAnyOrder(
                        "\"Routes\" (Gateway): none of its metrics has the label pod it groups by",
                        "\"Routes\" (Gateway): process_cpu_usage has no label area",
                        "\"Routes\" (Gateway): no_such_metric_total is not exposed",
                        "\"Routes\" (Gateway): none of its metrics has the label service it groups by");
        assertThat(dashboard.notExposed("process_cpu_usage 0.5\n"))
                .containsExactly(
                        "variable service: jvm_info is not exposed",
                        "variable service: none of its metrics has the label service it groups by");
    }
}
