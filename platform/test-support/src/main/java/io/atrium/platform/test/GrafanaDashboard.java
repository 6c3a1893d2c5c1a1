package io.atrium.platform.test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The Grafana dashboard of deploy/observability/grafana, read as a test sees it: its panels by row, the metric and
 * label names each panel's PromQL uses, and what a service's {@code /actuator/prometheus} scrape lacks of them.
 *
 * <p>Each row is checked against the scrape of a service that has all its metrics ({@link Row} says which); the
 * template variables' queries are checked against every scrape. Names only: a panel may still select label values a
 * test did not cause (a 429, a 5xx), but never a metric or label that does not exist.
 */
public final class GrafanaDashboard {

    /** The dashboard, relative to the repository root. */
    public static final String FILE = "deploy/observability/grafana/atrium-dashboard.json";

    /** The dashboard's rows, and the test that proves the services expose each row's metrics. */
    public enum Row {
        /** deal-service's GrafanaDashboardMetricsTests. */
        OVERVIEW("Overview"),
        /** gateway's GatewayIntegrationTests and deal-service's GrafanaDashboardMetricsTests. */
        HTTP("HTTP requests"),
        /** gateway's GatewayIntegrationTests. */
        GATEWAY("Gateway"),
        /** gateway's GatewayIntegrationTests and deal-service's GrafanaDashboardMetricsTests. */
        JVM("JVM and process"),
        /** deal-service's GrafanaDashboardMetricsTests. */
        DATABASE("Database connections"),
        /** deal-service's GrafanaDashboardMetricsTests. */
        OUTBOX("Event outbox"),
        /** deal-service's GrafanaDashboardMetricsTests. */
        CONSUMERS("Event consumers"),
        /** reporting-service's GrafanaDashboardMetricsTests. */
        REPORTING("Reporting freshness");

        private final String title;

        Row(String title) {
            this.title = title;
        }

        public String title() {
            return title;
        }
    }

    /** One query of a panel (or of a template variable, whose row is null). */
    public record Query(String panel, String row, String expr) {}

    /** Labels Prometheus adds to every series it scrapes: no service exposes them. */
    static final Set<String> TARGET_LABELS = Set.of("instance", "job");

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String DATASOURCE_UID = "${datasource}";

    private final JsonNode root;

    private GrafanaDashboard(JsonNode root) {
        this.root = root;
    }

    /** Reads the dashboard from the repository that holds the working directory (a module's folder in a build). */
    public static GrafanaDashboard load() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.isRegularFile(dir.resolve(FILE))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException(
                    FILE + " not found above " + Path.of("").toAbsolutePath());
        }
        try {
            return parse(Files.readString(dir.resolve(FILE)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static GrafanaDashboard parse(String json) {
        return new GrafanaDashboard(JSON.readTree(json));
    }

    /**
     * What keeps the dashboard from working when imported as it is: a schema older than 39, template variables that
     * are missing or of the wrong kind, panels without a title, with an id another panel has, or not on the
     * {@code ${datasource}} variable, panels outside the known rows, rows that are not {@link Row}s.
     */
    public List<String> structureProblems() {
        List<String> problems = new ArrayList<>();
        if (root.path("schemaVersion").asInt(0) < 39) {
            problems.add("schemaVersion is " + root.path("schemaVersion") + ", not 39 or later");
        }
        if (root.path("uid").asString("").isBlank()) {
            problems.add("the dashboard has no uid");
        }
        Map<String, JsonNode> variables = new HashMap<>();
        root.path("templating")
                .path("list")
                .forEach(v -> variables.put(v.path("name").asString(), v));
        JsonNode datasource = variables.get("datasource");
        if (datasource == null
                || !datasource.path("type").asString().equals("datasource")
                || !datasource.path("query").asString().equals("prometheus")) {
            problems.add("no template variable \"datasource\" of type datasource for prometheus");
        }
        JsonNode service = variables.get("service");
        if (service == null
                || !service.path("type").asString().equals("query")
                || !variableQuery(service).matches("label_values\\(.+,\\s*service\\)")) {
            problems.add("no template variable \"service\" from label_values(..., service)");
        }
        variables.values().stream()
                .filter(v -> v.path("type").asString().equals("query"))
                .filter(v -> !onDatasourceVariable(v.path("datasource")))
                .forEach(v -> problems.add("variable " + v.path("name") + " is not on the ${datasource} variable"));

        Set<Integer> ids = new HashSet<>();
        Set<String> rowTitles = new LinkedHashSet<>();
        for (Panel panel : panels()) {
            JsonNode node = panel.node();
            String title = node.path("title").asString("");
            if (!node.path("id").isInt()) {
                problems.add("panel \"" + title + "\" has no numeric id");
            } else if (!ids.add(node.path("id").asInt())) {
                problems.add("panel \"" + title + "\" has id " + node.path("id") + ", which another panel has");
            }
            if (title.isBlank()) {
                problems.add("panel " + node.path("id") + " has no title");
            }
            if (node.path("type").asString().equals("row")) {
                rowTitles.add(title);
                continue;
            }
            if (panel.row() == null) {
                problems.add("panel \"" + title + "\" is above the first row");
            }
            if (!onDatasourceVariable(node.path("datasource"))) {
                problems.add("panel \"" + title + "\" is not on the ${datasource} variable");
            }
            if (node.path("targets").isEmpty()) {
                problems.add("panel \"" + title + "\" has no queries");
            }
            for (JsonNode target : node.path("targets")) {
                if (target.path("expr").asString("").isBlank()) {
                    problems.add("panel \"" + title + "\" has a query without an expr");
                }
                if (target.has("datasource") && !onDatasourceVariable(target.path("datasource"))) {
                    problems.add("a query of panel \"" + title + "\" is not on the ${datasource} variable");
                }
            }
        }
        Set<String> known =
                Arrays.stream(Row.values()).map(Row::title).collect(Collectors.toCollection(LinkedHashSet::new));
        if (!rowTitles.equals(known)) {
            problems.add("the rows are " + rowTitles + ", not " + known);
        }
        return problems;
    }

    /** The queries of these rows' panels. */
    public List<Query> queries(Row... rows) {
        Set<String> titles = Arrays.stream(rows).map(Row::title).collect(Collectors.toSet());
        List<Query> queries = new ArrayList<>();
        for (Panel panel : panels()) {
            if (panel.row() != null && titles.contains(panel.row())) {
                for (JsonNode target : panel.node().path("targets")) {
                    queries.add(new Query(
                            panel.node().path("title").asString(),
                            panel.row(),
                            target.path("expr").asString()));
                }
            }
        }
        return queries;
    }

    /** The template variables' queries, {@code label_values(selector, label)} written as {@code selector by (label)}. */
    public List<Query> variableQueries() {
        List<Query> queries = new ArrayList<>();
        for (JsonNode variable : root.path("templating").path("list")) {
            if (variable.path("type").asString().equals("query")) {
                Matcher labelValues =
                        Pattern.compile("label_values\\((.+),\\s*(\\w+)\\)").matcher(variableQuery(variable));
                if (!labelValues.matches()) {
                    throw new IllegalStateException("variable " + variable.path("name") + ": not label_values(...)");
                }
                queries.add(new Query(
                        "variable " + variable.path("name").asString(),
                        null,
                        "count by (" + labelValues.group(2) + ") (" + labelValues.group(1) + ")"));
            }
        }
        return queries;
    }

    /**
     * What of these rows and of the template variables {@code scrape} (a service's {@code /actuator/prometheus}
     * output) does not have: each metric a query selects must be exposed, and each label it matches on or groups by
     * must be on one of the query's metrics (or be a label Prometheus adds: instance, job).
     */
    public List<String> notExposed(String scrape, Row... rows) {
        Map<String, Set<String>> exposed = exposedLabels(scrape);
        List<Query> queries = new ArrayList<>(variableQueries());
        queries.addAll(queries(rows));
        List<String> problems = new ArrayList<>();
        for (Query query : queries) {
            String where = query.row() == null ? query.panel() : "\"" + query.panel() + "\" (" + query.row() + ")";
            Expression expression = Expression.of(query.expr());
            if (expression.metrics().isEmpty()) {
                problems.add(where + " selects no metric: " + query.expr());
            }
            Set<String> labelsOfItsMetrics = new HashSet<>(TARGET_LABELS);
            expression.metrics().forEach((metric, matched) -> {
                Set<String> labels = exposed.get(metric);
                if (labels == null) {
                    problems.add(where + ": " + metric + " is not exposed");
                    return;
                }
                labelsOfItsMetrics.addAll(labels);
                matched.stream()
                        .filter(label -> !labels.contains(label) && !TARGET_LABELS.contains(label))
                        .forEach(label -> problems.add(where + ": " + metric + " has no label " + label));
            });
            expression.grouping().stream()
                    .filter(label -> !labelsOfItsMetrics.contains(label))
                    .forEach(label ->
                            problems.add(where + ": none of its metrics has the label " + label + " it groups by"));
        }
        return problems;
    }

    /** Each metric (sample name) of a Prometheus text scrape with the names of the labels its series carry. */
    public static Map<String, Set<String>> exposedLabels(String scrape) {
        Map<String, Set<String>> metrics = new LinkedHashMap<>();
        Pattern label = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"(?:[^\"\\\\]|\\\\.)*\"");
        for (String line : scrape.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            int end = 0;
            while (end < line.length() && line.charAt(end) != '{' && line.charAt(end) != ' ') {
                end++;
            }
            Set<String> labels = metrics.computeIfAbsent(line.substring(0, end), name -> new HashSet<>());
            if (end < line.length() && line.charAt(end) == '{') {
                Matcher m = label.matcher(line.substring(end, line.lastIndexOf('}') + 1));
                while (m.find()) {
                    labels.add(m.group(1));
                }
            }
        }
        return metrics;
    }

    /**
     * The metrics a PromQL expression selects, each with the labels its matchers name, and the labels it groups by
     * (by, without, on, ignoring, group_left, group_right). Enough PromQL for dashboards: no {@code __name__}
     * matchers, no metric names that are also function or keyword names.
     */
    public record Expression(Map<String, Set<String>> metrics, Set<String> grouping) {

        private static final Pattern STRING = Pattern.compile("\"(?:[^\"\\\\]|\\\\.)*\"|'(?:[^'\\\\]|\\\\.)*'");
        private static final Pattern RANGE = Pattern.compile("\\[[^\\]]*\\]");
        private static final Pattern GROUPING =
                Pattern.compile("\\b(?:by|without|on|ignoring|group_left|group_right)\\s*\\(([^)]*)\\)");
        private static final Pattern SELECTOR =
                Pattern.compile("(?<![\\w.:$])([a-zA-Z_:][a-zA-Z0-9_:]*)?\\s*\\{([^}]*)\\}");
        private static final Pattern MATCHER = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)\\s*(?:=~|!~|!=|=)");
        private static final Pattern IDENTIFIER =
                Pattern.compile("(?<![\\w.:$])([a-zA-Z_:][a-zA-Z0-9_:]*)(?![\\w:])(?!\\s*\\()");
        private static final Set<String> KEYWORDS = Set.of(
                "by",
                "without",
                "on",
                "ignoring",
                "group_left",
                "group_right",
                "bool",
                "and",
                "or",
                "unless",
                "offset",
                "atan2",
                "inf",
                "nan",
                "Inf",
                "NaN");

        public static Expression of(String promql) {
            // Quoted label values go first (their text is not PromQL), then range and subquery brackets.
            String expr = STRING.matcher(promql).replaceAll("\"\"");
            expr = RANGE.matcher(expr).replaceAll("");
            Set<String> grouping = new LinkedHashSet<>();
            Matcher groups = GROUPING.matcher(expr);
            while (groups.find()) {
                for (String label : groups.group(1).split(",")) {
                    if (!label.isBlank()) {
                        grouping.add(label.strip());
                    }
                }
            }
            expr = GROUPING.matcher(expr).replaceAll(" ");
            Map<String, Set<String>> metrics = new LinkedHashMap<>();
            Matcher selectors = SELECTOR.matcher(expr);
            StringBuilder rest = new StringBuilder();
            while (selectors.find()) {
                if (selectors.group(1) == null) {
                    throw new IllegalArgumentException("a selector without a metric name: " + promql);
                }
                Set<String> labels = metrics.computeIfAbsent(selectors.group(1), m -> new LinkedHashSet<>());
                Matcher matchers = MATCHER.matcher(selectors.group(2));
                while (matchers.find()) {
                    labels.add(matchers.group(1));
                }
                selectors.appendReplacement(rest, " ");
            }
            selectors.appendTail(rest);
            Matcher bare = IDENTIFIER.matcher(rest);
            while (bare.find()) {
                if (!KEYWORDS.contains(bare.group(1))) {
                    metrics.computeIfAbsent(bare.group(1), m -> new LinkedHashSet<>());
                }
            }
            return new Expression(metrics, grouping);
        }
    }

    private record Panel(JsonNode node, String row) {}

    /** Every panel in order, rows included, each with the title of the row it is under (a row: its own). */
    private List<Panel> panels() {
        List<Panel> panels = new ArrayList<>();
        String row = null;
        for (JsonNode panel : root.path("panels")) {
            if (panel.path("type").asString().equals("row")) {
                row = panel.path("title").asString();
                panels.add(new Panel(panel, row));
                // A collapsed row holds its panels itself.
                for (JsonNode inside : panel.path("panels")) {
                    panels.add(new Panel(inside, row));
                }
            } else {
                panels.add(new Panel(panel, row));
            }
        }
        return panels;
    }

    private static String variableQuery(JsonNode variable) {
        JsonNode query = variable.path("query");
        return (query.isObject() ? query.path("query") : query).asString("").strip();
    }

    private static boolean onDatasourceVariable(JsonNode datasource) {
        return datasource.path("uid").asString("").equals(DATASOURCE_UID)
                && datasource.path("type").asString("").equals("prometheus");
    }
}
