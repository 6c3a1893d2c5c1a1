package io.atrium.activities;

import static org.assertj.core.api.Assertions.assertThat;

import io.atrium.platform.test.ApiClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** One narrative per customer: activities, tasks and tickets, newest first, with names. */
class TimelineIntegrationTests extends IntegrationTest {

    @Test
    void aContactsTimelineHoldsEverythingOnThemNewestFirstWithNames() {
        UUID ada = owners.contact("Ada", "Lovelace", "ada@example.com");
        UUID company = owners.company("Analytical Engines");
        UUID deal = owners.deal("Engine, 40 units");
        UUID stranger = owners.contact("Not", "Involved");

        String call = sales.post("/api/v1/activities", """
                        {"type":"call","direction":"inbound","occurredAt":"%s","contactIds":["%s"],"companyId":"%s",
                         "dealId":"%s","body":"Asked about delivery"}
                        """.formatted(
                                clock.instant().minus(Duration.ofDays(2)), ada, company, deal))
                .id();
        String meeting = sales.post("/api/v1/activities", """
                        {"type":"meeting","subject":"Demo","startsAt":"%s","endsAt":"%s","attendees":[{"contactId":"%s"}]}
                        """.formatted(
                                clock.instant().minus(Duration.ofDays(1)),
                                clock.instant().minus(Duration.ofDays(1)).plus(Duration.ofHours(1)),
                                ada))
                .id();
        String task = sales.post(
                        "/api/v1/tasks",
                        "{\"title\":\"Follow up\",\"contactIds\":[\"" + ada + "\"],\"dealId\":\"" + deal + "\"}")
                .id();
        String ticket = support.post(
                        "/api/v1/tickets",
                        "{\"subject\":\"Jammed\",\"requesterContactId\":\"" + ada + "\",\"companyId\":\"" + company
                                + "\"}")
                .id();
        sales.post(
                "/api/v1/activities",
                "{\"type\":\"note\",\"body\":\"Elsewhere\",\"contactIds\":[\"" + stranger + "\"]}");

        ApiClient.Response timeline = sales.get("/api/v1/timeline?contactId=" + ada);

        assertThat(ids(timeline)).containsExactly(ticket, task, meeting, call);
        JsonNode items = timeline.body().path("items");
        assertThat(items.get(0).path("kind").asString()).isEqualTo("ticket");
        assertThat(items.get(0).path("ticket").path("subject").asString()).isEqualTo("Jammed");
        assertThat(items.get(0).path("names").path(ada.toString()).asString()).isEqualTo("Ada Lovelace");
        assertThat(items.get(0).path("names").path(company.toString()).asString())
                .isEqualTo("Analytical Engines");
        assertThat(items.get(1).path("task").path("title").asString()).isEqualTo("Follow up");
        assertThat(items.get(1).path("names").path(deal.toString()).asString()).isEqualTo("Engine, 40 units");
        assertThat(items.get(2).path("activity").path("type").asString()).isEqualTo("meeting");
        assertThat(items.get(3).path("activity").has("task")).isFalse();

        assertThat(ids(sales.get("/api/v1/timeline?companyId=" + company))).containsExactly(ticket, call);
        assertThat(ids(sales.get("/api/v1/timeline?dealId=" + deal))).containsExactly(task, call);
    }

    @Test
    void theTimelinePagesWithACursor() {
        UUID grace = owners.contact("Grace", "Hopper");
        List<String> logged = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            logged.addFirst(sales.post(
                            "/api/v1/activities",
                            "{\"type\":\"note\",\"body\":\"Note " + i + "\",\"occurredAt\":\""
                                    + clock.instant().minus(Duration.ofMinutes(10 - i)) + "\",\"contactIds\":[\""
                                    + grace + "\"]}")
                    .id());
        }
        List<String> seen = new ArrayList<>();
        String next = null;
        do {
            ApiClient.Response page = sales.get(
                    "/api/v1/timeline?contactId=" + grace + "&limit=2" + (next == null ? "" : "&after=" + next));
            seen.addAll(ids(page));
            next = page.body().path("next").isString()
                    ? page.body().path("next").asString()
                    : null;
        } while (next != null);
        assertThat(seen).containsExactlyElementsOf(logged);
    }

    @Test
    void aTimelineIsOfExactlyOneRecord() {
        assertThat(problemFields(sales.get("/api/v1/timeline"), 400)).containsExactly("contactId");
        assertThat(problemFields(
                        sales.get(
                                "/api/v1/timeline?contactId=" + UUID.randomUUID() + "&companyId=" + UUID.randomUUID()),
                        400))
                .containsExactly("companyId");
        assertThat(problemFields(sales.get("/api/v1/timeline?contactId=ada"), 400))
                .containsExactly("contactId");
        assertThat(problemFields(sales.get("/api/v1/timeline?contactId=" + UUID.randomUUID() + "&after=junk"), 400))
                .containsExactly("after");
    }
}
