package io.atrium.reporting;

import static io.atrium.platform.test.AccessMatrix.ADMIN;
import static io.atrium.platform.test.AccessMatrix.EAST_MANAGER;
import static io.atrium.platform.test.AccessMatrix.EAST_MATE;
import static io.atrium.platform.test.AccessMatrix.EAST_REP;
import static io.atrium.platform.test.AccessMatrix.MARKETER;
import static io.atrium.platform.test.AccessMatrix.OTHER_SUPPORT;
import static io.atrium.platform.test.AccessMatrix.SUPPORT;
import static io.atrium.platform.test.AccessMatrix.VIEWER;
import static io.atrium.platform.test.AccessMatrix.WEST_REP;
import static io.atrium.reporting.EventScript.data;
import static io.atrium.reporting.EventScript.deal;
import static io.atrium.reporting.EventScript.event;
import static io.atrium.reporting.ProjectionIntegrationTests.ids;
import static io.atrium.reporting.ProjectionIntegrationTests.row;
import static org.assertj.core.api.Assertions.assertThat;

import io.atrium.platform.events.CloudEvent;
import io.atrium.platform.test.AccessMatrix;
import io.atrium.platform.test.ApiClient;
import io.atrium.platform.test.DirectoryEvents;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Record access in the views, their CSV exports and customer 360, under a policy narrower than the default so every
 * record type is filtered for someone: sales read the deals, contacts, companies and activities of their team and
 * only the tickets they created (support keeps the default: their team's tickets). One history, with records of both
 * sales teams and both support teams around one customer; the views must drop what the caller may not read, in the
 * rows and in every total, and admins and read-only viewers see it all.
 */
@TestPropertySource(
        properties = {
            "atrium.access.policy.sales.deal.read=team",
            "atrium.access.policy.sales.contact.read=team",
            "atrium.access.policy.sales.contact.write=team",
            "atrium.access.policy.sales.company.read=team",
            "atrium.access.policy.sales.company.write=team",
            "atrium.access.policy.sales.activity.read=team",
            "atrium.access.policy.sales.ticket.read=own"
        })
class ReportAccessMatrixTests extends IntegrationTest {

    /** The scripted history, sent once for the class (the views aggregate everything a test sends). */
    record History(
            UUID pipeline,
            String source,
            UUID customer,
            UUID westContact,
            UUID matesContact,
            UUID eastDeal,
            UUID mateDeal,
            UUID westDeal,
            UUID eastActivity,
            UUID westActivity,
            UUID eastTask,
            UUID westTask,
            UUID supportTicket,
            UUID tier2Ticket,
            UUID repsTicket) {}

    private static History history;

    @BeforeEach
    void provision() {
        AccessMatrix.provision(new DirectoryEvents(kafka, jdbc));
        if (history == null) {
            history = send();
        }
    }

    @Test
    void pipelineForecastAndPerformanceCountOnlyTheDealsTheCallerMayRead() {
        String pipeline = "/api/v1/reports/pipeline?pipelineId=" + history.pipeline();
        assertThat(openStage(pipeline, ADMIN).path("openDeals").asLong()).isEqualTo(3);
        assertThat(openStage(pipeline, ADMIN).path("total").asString()).isEqualTo("700.00");
        assertThat(openStage(pipeline, VIEWER).path("total").asString()).isEqualTo("700.00");
        assertThat(openStage(pipeline, MARKETER).path("openDeals").asLong())
                .as("marketing reads every deal by default")
                .isEqualTo(3);
        assertThat(openStage(pipeline, EAST_REP).path("openDeals").asLong()).isEqualTo(2);
        assertThat(openStage(pipeline, EAST_REP).path("total").asString()).isEqualTo("300.00");
        assertThat(openStage(pipeline, EAST_MANAGER).path("total").asString()).isEqualTo("300.00");
        assertThat(openStage(pipeline, WEST_REP).path("openDeals").asLong()).isEqualTo(1);
        assertThat(openStage(pipeline, WEST_REP).path("total").asString()).isEqualTo("400.00");

        String csv = csv(pipeline, EAST_REP);
        assertThat(csv).contains(",EUR,2,300.00,").doesNotContain("700.00").doesNotContain("400.00");
        assertThat(csv(pipeline, ADMIN)).contains(",EUR,3,700.00,");

        String performance = "/api/v1/reports/sales-performance?pipelineId=" + history.pipeline();
        assertThat(owners(get(performance, EAST_REP))).containsExactly(EAST_REP);
        assertThat(owners(get(performance, WEST_REP))).containsExactly(WEST_REP);
        assertThat(owners(get(performance, ADMIN))).containsExactlyInAnyOrder(EAST_REP, WEST_REP);
        assertThat(csv(performance, EAST_REP)).contains(EAST_REP).doesNotContain(WEST_REP);

        String forecast = "/api/v1/reports/forecast?pipelineId=" + history.pipeline();
        assertThat(owners(get(forecast, EAST_MATE))).containsExactlyInAnyOrder(EAST_REP, EAST_MATE);
        assertThat(owners(get(forecast, ADMIN))).containsExactlyInAnyOrder(EAST_REP, EAST_MATE, WEST_REP);

        String conversion = "/api/v1/reports/stage-conversion?pipelineId=" + history.pipeline();
        assertThat(get(conversion, EAST_REP)
                        .path("items")
                        .get(0)
                        .path("entered")
                        .asLong())
                .as("east sees their two open deals enter the first stage")
                .isEqualTo(2);
        assertThat(get(conversion, ADMIN).path("items").get(0).path("entered").asLong())
                .isEqualTo(3);

        String stalled = "/api/v1/reports/stalled-deals?days=1&pipelineId=" + history.pipeline();
        assertThat(ids(get(stalled, EAST_REP), "dealId"))
                .containsExactlyInAnyOrder(
                        history.eastDeal().toString(), history.mateDeal().toString());
        assertThat(ids(get(stalled, ADMIN), "dealId")).hasSize(3);
        assertThat(csv(stalled, WEST_REP))
                .contains(history.westDeal().toString())
                .doesNotContain(history.eastDeal().toString());
    }

    @Test
    void contactAndActivityViewsDropWhatTheCallerMayNotRead() {
        String lifecycle = "/api/v1/reports/marketing/lifecycle";
        assertThat(contacts(get(lifecycle, EAST_REP)))
                .as("their own contact and the one their teammate created without an owner")
                .isEqualTo(2);
        assertThat(contacts(get(lifecycle, WEST_REP))).isEqualTo(1);
        assertThat(contacts(get(lifecycle, ADMIN))).isEqualTo(3);
        assertThat(contacts(get(lifecycle, MARKETER))).isEqualTo(3);
        assertThat(csv(lifecycle, EAST_REP)).contains("lead," + history.source() + ",2\r\n");

        String conversions = "/api/v1/reports/marketing/conversions";
        assertThat(changes(get(conversions, EAST_REP))).isEqualTo(2);
        assertThat(changes(get(conversions, WEST_REP))).isEqualTo(1);
        assertThat(changes(get(conversions, ADMIN))).isGreaterThanOrEqualTo(3);

        String activity = "/api/v1/reports/activity?owner=";
        assertThat(get(activity + WEST_REP, EAST_REP).path("items").isEmpty()).isTrue();
        assertThat(get(activity + WEST_REP, ADMIN).path("items").isEmpty()).isFalse();
        assertThat(get(activity + WEST_REP, SUPPORT).path("items").isEmpty())
                .as("support reads every activity by default")
                .isFalse();
        assertThat(owners(get("/api/v1/reports/activity", EAST_REP)))
                .contains(EAST_REP)
                .allMatch(o -> List.of(EAST_REP, EAST_MATE, EAST_MANAGER).contains(o));
        assertThat(csv("/api/v1/reports/activity", EAST_REP)).doesNotContain(WEST_REP);
    }

    @Test
    void supportViewsCountTheTicketsOfTheCallersTeam() {
        String backlog = "/api/v1/reports/support/backlog";
        assertThat(tickets(get(backlog, SUPPORT))).isEqualTo(1);
        assertThat(tickets(get(backlog, OTHER_SUPPORT))).isEqualTo(1);
        assertThat(tickets(get(backlog, ADMIN))).isGreaterThanOrEqualTo(3);
        assertThat(csv(backlog, SUPPORT)).isEqualTo("status,priority,tickets,breached\r\nnew,high,1,0\r\n");

        String byTeam = "/api/v1/reports/support/performance?groupBy=team";
        String supportTeam = AccessMatrix.teamId(AccessMatrix.SUPPORT_TEAM);
        String tier2 = AccessMatrix.teamId(AccessMatrix.OTHER_SUPPORT_TEAM);
        assertThat(ids(get(byTeam, SUPPORT), "team")).containsExactly(supportTeam);
        assertThat(ids(get(byTeam, OTHER_SUPPORT), "team")).containsExactly(tier2);
        assertThat(ids(get(byTeam, ADMIN), "team")).contains(supportTeam, tier2);
        assertThat(csv(byTeam, SUPPORT)).contains(supportTeam).doesNotContain(tier2);
    }

    @Test
    void customer360ShowsEachSectionAsFarAsTheCallerMayRead() {
        String customer = "/api/v1/customers/" + history.customer() + "/360";
        JsonNode all = get(customer, ADMIN);
        assertThat(all.path("company").path("name").asString()).startsWith("West Co");
        assertThat(ids(all.path("openDeals"), "id")).hasSize(3);
        assertThat(all.path("openDealCount").asLong()).isEqualTo(3);
        assertThat(all.path("wonRevenue").get(0).path("amount").asString()).isEqualTo("4000.00");
        assertThat(ids(all.path("latestActivities"), "id"))
                .containsExactlyInAnyOrder(
                        history.eastActivity().toString(),
                        history.westActivity().toString());
        assertThat(ids(all.path("nextTasks"), "id"))
                .containsExactlyInAnyOrder(
                        history.eastTask().toString(), history.westTask().toString());
        assertThat(all.path("openTicketCount").asLong()).isEqualTo(3);
        assertThat(get(customer, VIEWER).path("openTicketCount").asLong()).isEqualTo(3);

        JsonNode east = get(customer, EAST_REP);
        assertThat(east.path("company").isNull()).as("a west rep's company").isTrue();
        assertThat(ids(east.path("openDeals"), "id"))
                .containsExactlyInAnyOrder(
                        history.eastDeal().toString(), history.mateDeal().toString());
        assertThat(east.path("openDealCount").asLong()).isEqualTo(2);
        assertThat(east.path("wonRevenue").get(0).path("amount").asString()).isEqualTo("1000.00");
        assertThat(ids(east.path("latestActivities"), "id"))
                .containsExactly(history.eastActivity().toString());
        assertThat(ids(east.path("nextTasks"), "id"))
                .containsExactly(history.eastTask().toString());
        assertThat(ids(east.path("openTickets"), "id"))
                .containsExactly(history.repsTicket().toString());
        assertThat(east.path("openTicketCount").asLong()).isEqualTo(1);

        JsonNode support = get(customer, SUPPORT);
        assertThat(support.path("openDealCount").asLong()).isEqualTo(3);
        assertThat(ids(support.path("openTickets"), "id"))
                .containsExactly(history.supportTicket().toString());
        assertThat(support.path("nextTasks").isEmpty())
                .as("support reads only their own tasks")
                .isTrue();

        // A contact the caller may not read does not exist for them.
        String west = "/api/v1/customers/" + history.westContact() + "/360";
        assertThat(client(EAST_REP).get(west).status()).isEqualTo(404);
        assertThat(client(EAST_REP).get(west).contentType()).startsWith("application/problem+json");
        assertThat(client(WEST_REP).get(west).status()).isEqualTo(200);
        assertThat(client(ADMIN).get(west).status()).isEqualTo(200);
        String mates = "/api/v1/customers/" + history.matesContact() + "/360";
        assertThat(client(EAST_REP).get(mates).status())
                .as("no owner: the creator's, a teammate")
                .isEqualTo(200);
        assertThat(client(WEST_REP).get(mates).status()).isEqualTo(404);
    }

    private History send() {
        String unique = UUID.randomUUID().toString().substring(0, 8);
        String source = "access-" + unique;
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        Instant created = now.minus(Duration.ofDays(30));
        UUID pipeline = UUID.randomUUID();
        List<UUID> stages = List.of(UUID.randomUUID(), UUID.randomUUID());
        UUID company = UUID.randomUUID();
        UUID customer = UUID.randomUUID();
        UUID westContact = UUID.randomUUID();
        UUID matesContact = UUID.randomUUID();
        History h = new History(
                pipeline,
                source,
                customer,
                westContact,
                matesContact,
                UUID.randomUUID(),
                UUID.randomUUID(),
                UUID.randomUUID(),
                UUID.randomUUID(),
                UUID.randomUUID(),
                UUID.randomUUID(),
                UUID.randomUUID(),
                UUID.randomUUID(),
                UUID.randomUUID(),
                UUID.randomUUID());
        List<CloudEvent> events = new ArrayList<>();
        events.add(EventScript.pipeline(pipeline, "Access " + unique, stages, List.of(10, 50), created));
        events.add(company(company, "West Co " + unique, WEST_REP, created));
        events.add(contact(customer, source, EAST_REP, EAST_REP, company, created));
        events.add(contact(westContact, source, WEST_REP, WEST_REP, null, created));
        events.add(contact(matesContact, source, null, EAST_MATE, null, created));
        events.add(openDeal(h.eastDeal(), pipeline, stages.get(0), "100.00", EAST_REP, customer, created));
        events.add(openDeal(h.mateDeal(), pipeline, stages.get(0), "200.00", EAST_MATE, customer, created));
        events.add(openDeal(h.westDeal(), pipeline, stages.get(0), "400.00", WEST_REP, customer, created));
        UUID eastWon = UUID.randomUUID();
        UUID westWon = UUID.randomUUID();
        events.add(wonDeal(eastWon, pipeline, stages, "1000.00", EAST_REP, customer, created, now));
        events.add(wonDeal(westWon, pipeline, stages, "3000.00", WEST_REP, customer, created, now));
        events.add(activity(h.eastActivity(), customer, EAST_REP, now));
        events.add(activity(h.westActivity(), customer, WEST_REP, now));
        events.add(task(h.eastTask(), customer, EAST_REP, now));
        events.add(task(h.westTask(), customer, WEST_REP, now));
        events.add(ticket(
                h.supportTicket(), customer, null, AccessMatrix.teamId(AccessMatrix.SUPPORT_TEAM), SUPPORT, now));
        events.add(ticket(
                h.tier2Ticket(),
                customer,
                OTHER_SUPPORT,
                AccessMatrix.teamId(AccessMatrix.OTHER_SUPPORT_TEAM),
                OTHER_SUPPORT,
                now));
        events.add(ticket(h.repsTicket(), customer, null, null, EAST_REP, now));
        CloudEvent[] all = events.toArray(CloudEvent[]::new);
        EventScript script = new EventScript(kafka);
        script.send(all);
        awaitApplied(all);
        return h;
    }

    private static CloudEvent company(UUID id, String name, String owner, Instant at) {
        ObjectNode data = data("crm.company.created.v1");
        ObjectNode c = (ObjectNode) data.get("company");
        c.put("id", id.toString()).put("version", 1).put("name", name).put("ownerId", owner);
        c.put("createdBy", owner).put("createdAt", at.toString()).put("updatedAt", at.toString());
        return event("crm.company.created.v1", id, 1, at, data);
    }

    private static CloudEvent contact(UUID id, String source, String owner, String creator, UUID company, Instant at) {
        ObjectNode data = data("crm.contact.created.v1");
        ObjectNode c = (ObjectNode) data.get("contact");
        c.put("id", id.toString()).put("version", 1).put("firstName", "Access").put("lastName", source);
        c.put("lifecycleStage", "lead").put("leadSource", source).put("ownerId", owner);
        c.put("companyId", company == null ? null : company.toString());
        c.put("createdBy", creator).put("createdAt", at.toString()).put("updatedAt", at.toString());
        return event("crm.contact.created.v1", id, 1, at, data);
    }

    private static CloudEvent openDeal(
            UUID id, UUID pipeline, UUID stage, String amount, String owner, UUID contact, Instant at) {
        return event(
                "crm.deal.created.v1",
                id,
                1,
                at,
                deal("crm.deal.created.v1", id, 1, pipeline, stage, "open", amount, "EUR", owner, contact, at, at));
    }

    /** Created in the first stage (a stage change the conversion view counts), then won. */
    private static CloudEvent wonDeal(
            UUID id,
            UUID pipeline,
            List<UUID> stages,
            String amount,
            String owner,
            UUID contact,
            Instant at,
            Instant now) {
        return event(
                "crm.deal.won.v1",
                id,
                1,
                now,
                deal("crm.deal.won.v1", id, 1, pipeline, stages.get(1), "won", amount, "EUR", owner, contact, at, now));
    }

    private static CloudEvent activity(UUID id, UUID contact, String author, Instant at) {
        ObjectNode data = data("crm.activity.created.v1");
        ObjectNode a = (ObjectNode) data.get("activity");
        a.put("id", id.toString())
                .put("occurredAt", at.toString())
                .putNull("dealId")
                .putNull("companyId");
        a.put("createdBy", author).put("createdAt", at.toString()).put("updatedAt", at.toString());
        a.putArray("contactIds").add(contact.toString());
        return event("crm.activity.created.v1", id, 1, at, data);
    }

    private static CloudEvent task(UUID id, UUID contact, String assignee, Instant at) {
        ObjectNode data = data("crm.task.created.v1");
        ObjectNode t = (ObjectNode) data.get("task");
        t.put("id", id.toString()).put("title", "Call " + assignee).put("assignee", assignee);
        t.put("createdBy", assignee).putNull("companyId").putNull("dealId");
        t.put("dueAt", at.plus(Duration.ofDays(1)).toString());
        t.putArray("contactIds").add(contact.toString());
        return event("crm.task.created.v1", id, 1, at, data);
    }

    private static CloudEvent ticket(
            UUID id, UUID requester, String assignee, String team, String creator, Instant at) {
        ObjectNode data = data("crm.ticket.created.v1");
        ObjectNode k = (ObjectNode) data.get("ticket");
        k.put("id", id.toString()).put("number", 70_000 + Math.abs(id.hashCode() % 10_000));
        k.put("requesterContactId", requester.toString()).putNull("companyId");
        k.put("assignee", assignee).put("team", team).put("createdBy", creator);
        k.put("createdAt", at.toString()).put("updatedAt", at.toString());
        return event("crm.ticket.created.v1", id, 1, at, data);
    }

    private ApiClient client(String subject) {
        return new ApiClient(port, AccessMatrix.token(subject));
    }

    private JsonNode get(String path, String subject) {
        return ok(client(subject).get(path)).body();
    }

    private String csv(String path, String subject) {
        ApiClient.Response response = client(subject).get(path + (path.contains("?") ? "&" : "?") + "format=csv");
        assertThat(response.status()).as("%s", response.body()).isEqualTo(200);
        return response.body().asString();
    }

    /** The row of the pipeline's first stage with open deals. */
    private JsonNode openStage(String path, String subject) {
        return row(get(path, subject), "currency", "EUR");
    }

    private static List<String> owners(JsonNode view) {
        return ids(view, "owner").stream().distinct().toList();
    }

    private long contacts(JsonNode view) {
        return row(view, "leadSource", history.source()).path("contacts").asLong();
    }

    private static long tickets(JsonNode view) {
        return StreamSupport.stream(view.path("items").spliterator(), false)
                .mapToLong(r -> r.path("tickets").asLong())
                .sum();
    }

    /** Every lifecycle change the view counts (the reps' contacts are only this history's). */
    private static long changes(JsonNode view) {
        return StreamSupport.stream(view.path("items").spliterator(), false)
                .mapToLong(r -> r.path("contacts").asLong())
                .sum();
    }
}
