package io.atrium.activities;

import static org.assertj.core.api.Assertions.assertThat;

import io.atrium.platform.test.ApiClient;
import io.atrium.platform.test.OwnerEvents;
import io.atrium.platform.test.UpstreamDouble;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

/** References to contacts, companies and deals: the replica first, the owner over HTTP for ids it has not seen. */
class ReferencesIntegrationTests extends IntegrationTest {

    private final UpstreamDouble upstream = UpstreamDouble.instance();

    /**
     * A contact and a company merged upstream: every activity (its contacts, company and attendees, deleted ones too),
     * task and ticket that named the duplicates names the survivors, and the live ones publish their update.
     */
    @Test
    void everythingThatNamedAMergedContactOrCompanyFollowsItToTheSurvivor() {
        UUID duplicate = owners.contact("Dot", "Duplicate", "dot." + UUID.randomUUID() + "@example.com");
        UUID survivor = owners.contact("Dot", "Survivor");
        UUID oldCompany = owners.company("Old Co " + UUID.randomUUID());
        UUID company = owners.company("New Co " + UUID.randomUUID());
        String note = sales.post(
                        "/api/v1/activities",
                        "{\"type\":\"note\",\"body\":\"x\",\"contactIds\":[\"" + duplicate + "\",\"" + survivor
                                + "\"],\"companyId\":\"" + oldCompany + "\"}")
                .id();
        String meeting =
                sales.post("/api/v1/activities", """
                        {"type":"meeting","subject":"Lunch","startsAt":"2026-12-01T12:00:00Z",
                         "endsAt":"2026-12-01T13:00:00Z","attendees":[{"contactId":"%s"}]}
                        """.formatted(duplicate)).id();
        String deletedNote = sales.post(
                        "/api/v1/activities",
                        "{\"type\":\"note\",\"body\":\"y\",\"contactIds\":[\"" + duplicate + "\"]}")
                .id();
        assertThat(sales.delete("/api/v1/activities/" + deletedNote, "\"1\"").status())
                .isEqualTo(204);
        String task = sales.post(
                        "/api/v1/tasks",
                        "{\"title\":\"Call\",\"contactIds\":[\"" + duplicate + "\"],\"companyId\":\"" + oldCompany
                                + "\"}")
                .id();
        String ticket = support.post("/api/v1/tickets", """
                        {"subject":"Broken","priority":"low","channel":"web","requesterContactId":"%s",
                         "companyId":"%s"}
                        """.formatted(duplicate, oldCompany))
                .id();

        ObjectNode contactMerged = OwnerEvents.exampleData("crm.contact.merged.v1")
                .put("contactId", duplicate.toString())
                .put("survivorId", survivor.toString());
        owners.publish("crm.contact.merged.v1", duplicate, 5, contactMerged);
        ObjectNode companyMerged = OwnerEvents.exampleData("crm.company.merged.v1")
                .put("companyId", oldCompany.toString())
                .put("survivorId", company.toString());
        owners.publish("crm.company.merged.v1", oldCompany, 5, companyMerged);

        Awaitility.await("the ticket follows both").until(() -> {
            var body = support.get("/api/v1/tickets/" + ticket).body();
            return body.path("requesterContactId").asString("").equals(survivor.toString())
                    && body.path("companyId").asString("").equals(company.toString());
        });
        Awaitility.await("the task follows both").until(() -> sales.get("/api/v1/tasks/" + task)
                .body()
                .path("companyId")
                .asString("")
                .equals(company.toString()));
        assertThat(sales.get("/api/v1/tasks/" + task).body().path("contactIds").toString())
                .isEqualTo("[\"" + survivor + "\"]");
        var noted = sales.get("/api/v1/activities/" + note).body();
        assertThat(noted.path("contactIds").toString()).isEqualTo("[\"" + survivor + "\"]");
        assertThat(noted.path("companyId").asString()).isEqualTo(company.toString());
        assertThat(sales.get("/api/v1/activities/" + meeting)
                        .body()
                        .path("attendees")
                        .get(0)
                        .path("contactId")
                        .asString())
                .isEqualTo(survivor.toString());
        assertThat(jdbc.sql("select count(*) from activity where contact_ids @> array[cast(:id as uuid)]")
                        .param("id", duplicate)
                        .query(Long.class)
                        .single())
                .as("the deleted note follows too")
                .isZero();
        assertValidEvent(events("crm.ticket").awaitType(ticket, "crm.ticket.updated.v1"));
        assertValidEvent(events("crm.task").awaitType(task, "crm.task.updated.v1"));
        assertValidEvent(events("crm.activity").awaitType(meeting, "crm.activity.updated.v1"));
    }

    @Test
    void anIdTheReplicaHasNotSeenIsConfirmedByItsOwnerAndThenKnown() {
        UUID contact = UUID.randomUUID();
        UUID deal = UUID.randomUUID();
        upstream.contact(contact, "Fresh", "Contact");
        upstream.deal(deal, "Fresh deal");

        ApiClient.Response logged = sales.post(
                "/api/v1/activities",
                "{\"type\":\"note\",\"body\":\"x\",\"contactIds\":[\"" + contact + "\"],\"dealId\":\"" + deal + "\"}");

        assertThat(logged.status()).as("%s", logged.body()).isEqualTo(201);
        assertThat(upstream.lastAuthorization())
                .as("the caller's token is relayed")
                .startsWith("Bearer ");
        owners.awaitReplica(contact, "live");
        owners.awaitReplica(deal, "live");
        assertThat(sales.get("/api/v1/timeline?dealId=" + deal)
                        .body()
                        .path("items")
                        .get(0)
                        .path("names")
                        .path(contact.toString())
                        .asString())
                .isEqualTo("Fresh Contact");
    }

    @Test
    void aContactGivenAsACompanyIsUnknown() {
        UUID contact = owners.contact("Ada", "Lovelace");
        ApiClient.Response response = sales.post(
                "/api/v1/activities", "{\"type\":\"note\",\"body\":\"x\",\"companyId\":\"" + contact + "\"}");
        assertThat(problemFields(response, 422)).containsExactly("companyId");
    }

    @Test
    void whenTheOwnerCannotAnswerAnUnseenIdIsA503AndAKnownOneStillWorks() {
        UUID known = owners.contact("Known", "Person");
        upstream.mode(UpstreamDouble.Mode.FAILING);
        long activities = rows("activity");

        ApiClient.Response unseen = sales.post(
                "/api/v1/activities",
                "{\"type\":\"note\",\"body\":\"x\",\"contactIds\":[\"" + UUID.randomUUID() + "\"]}");
        assertThat(unseen.status()).as("%s", unseen.body()).isEqualTo(503);
        assertThat(unseen.headers().getFirst("Retry-After")).isNotBlank();
        assertThat(rows("activity")).isEqualTo(activities);

        ApiClient.Response knownOne = sales.post(
                "/api/v1/activities", "{\"type\":\"note\",\"body\":\"x\",\"contactIds\":[\"" + known + "\"]}");
        assertThat(knownOne.status()).isEqualTo(201);
    }
}
