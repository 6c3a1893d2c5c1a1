package io.atrium.activities;

import static org.assertj.core.api.Assertions.assertThat;

import io.atrium.platform.test.ApiClient;
import io.atrium.platform.test.ImportClient;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Activity imports through {@code /api/v1/imports/activities}: calls, notes and emails from another system's log,
 * keyed by its ids (or without a key, every row logging one); contacts, companies and deals named by email, domain,
 * title or their ids in another system, found in the replica of their owners' records; each type's rules; a dry run
 * writes nothing; one event per record; a second run changes nothing; the importer's record access.
 */
class ActivityImportIntegrationTests extends IntegrationTest {

    private static final Map<String, String> COLUMNS = Map.ofEntries(
            Map.entry("Id", "externalIds.aircall"),
            Map.entry("Type", "type"),
            Map.entry("Subject", "subject"),
            Map.entry("Body", "body"),
            Map.entry("Date", "occurredAt"),
            Map.entry("Direction", "direction"),
            Map.entry("Duration", "durationSeconds"),
            Map.entry("Outcome", "outcome"),
            Map.entry("From", "from"),
            Map.entry("To", "to"),
            Map.entry("Contact", "contactEmail"),
            Map.entry("Contact CRM", "contactExternalIds.crm"),
            Map.entry("Company domain", "companyDomain"),
            Map.entry("Deal", "deal"),
            Map.entry("Deal CRM", "dealExternalIds.crm"),
            Map.entry("Starts", "startsAt"));

    private static final String HEADER =
            "Id,Type,Subject,Body,Date,Direction,Duration,Outcome,From,To,Contact,Contact CRM,Company domain,Deal,"
                    + "Deal CRM,Starts\n";

    @Test
    void aCallLogKeyedByItsIdsLogsUpdatesAndRejectsAsTheApiWould() {
        String tag = unique("ai");
        UUID ann = owners.contact("Ann", "Log", Map.of(), tag + "-ann@example.com");
        UUID bob = owners.contact("Bob", "Log", Map.of("crm", tag + "-bob"), tag + "-bob@example.com");
        UUID acme = owners.company("Acme " + tag, "acme-" + tag + ".example", Map.of());
        UUID deal = owners.deal("Deal " + tag, Map.of("crm", tag + "-deal"));
        UUID solo = owners.deal("Solo deal " + tag, Map.of());
        String file = HEADER
                // A call about Ann, by her email, at Acme (by its domain), on a deal named by its id elsewhere.
                + tag + "-1,Call,Intro call,,2026-11-20T09:30:00Z,inbound,300,connected,,,"
                + tag + "-ann@example.com,,ACME-" + tag + ".example,," + tag + "-deal,\n"
                // A note about Bob (by his id elsewhere) on a deal named by its title; a spreadsheet's time is UTC.
                + tag + "-2,note,,Met at the fair,2026-11-20 14:30,,,,,,," + tag + "-bob,,Solo deal " + tag + ",,\n"
                // An email with two recipients in one cell.
                + tag + "-3,email,Quote,Here it is,,outbound,,,me@atrium.test,\"a@example.com; b@example.com\""
                + ",,,,,,\n"
                // Rejected: a type nobody has; a call without its direction; a deal nobody has; a meeting without
                // its end; a date that is not one.
                + tag + "-4,fax,,,,,,,,,,,,,,\n"
                + tag + "-5,call,,,,,,,,,,,,,,\n"
                + tag + "-6,note,,Lost,,,,,,,,,,No such deal,,\n"
                + tag + "-7,meeting,Demo,,,,,,,,,,,,,2026-11-21T10:00:00Z\n"
                + tag + "-8,call,,,yesterday,inbound,,,,,,,,,,\n";

        JsonNode checked =
                importer(api).dryRun(file, COLUMNS, "externalIds.aircall").path("dryRun");

        assertThat(checked.path("created").asLong()).as(checked.toString()).isEqualTo(3);
        assertThat(checked.path("rejected").asLong()).isEqualTo(5);
        assertThat(checked.path("reasons").propertyNames())
                .containsExactlyInAnyOrder(
                        "type: must be one of call, email, meeting, note",
                        "direction: is required for a call",
                        "deal: no deal with this title is known here (import the deals first; a new one takes a few"
                                + " seconds to arrive)",
                        "endsAt: is required for a meeting",
                        "occurredAt: must be a date and time such as 2026-11-23T10:15:00Z");
        assertThat(activityWithId(tag + "-1")).isNull();

        JsonNode done = importer(api).run(file, COLUMNS, "externalIds.aircall");
        assertThat(done.path("progress").path("created").asLong()).isEqualTo(3);
        assertThat(done.path("progress").path("rejected").asLong()).isEqualTo(5);

        JsonNode call = activity(activityWithId(tag + "-1"));
        assertThat(call.path("type").asString()).isEqualTo("call");
        assertThat(call.path("subject").asString()).isEqualTo("Intro call");
        assertThat(call.path("occurredAt").asString()).isEqualTo("2026-11-20T09:30:00Z");
        assertThat(call.path("direction").asString()).isEqualTo("inbound");
        assertThat(call.path("durationSeconds").asInt()).isEqualTo(300);
        assertThat(call.path("outcome").asString()).isEqualTo("connected");
        assertThat(call.path("contactIds").valueStream().map(JsonNode::asString))
                .containsExactly(ann.toString());
        assertThat(call.path("companyId").asString()).isEqualTo(acme.toString());
        assertThat(call.path("dealId").asString()).isEqualTo(deal.toString());
        assertThat(call.path("createdBy").asString()).isEqualTo("user-admin");
        JsonNode note = activity(activityWithId(tag + "-2"));
        assertThat(note.path("occurredAt").asString()).isEqualTo("2026-11-20T14:30:00Z");
        assertThat(note.path("contactIds").valueStream().map(JsonNode::asString))
                .containsExactly(bob.toString());
        assertThat(note.path("dealId").asString()).isEqualTo(solo.toString());
        JsonNode email = activity(activityWithId(tag + "-3"));
        assertThat(email.path("to").valueStream().map(JsonNode::asString))
                .containsExactly("a@example.com", "b@example.com");
        String callId = call.path("id").asString();
        assertThat(outboxTypes(callId)).containsExactly("crm.activity.created.v1");
        assertValidEvent(events("crm.activity").awaitType(callId, "crm.activity.created.v1"));

        // The same file again changes nothing.
        JsonNode again = importer(api).run(file, COLUMNS, "externalIds.aircall").path("progress");
        assertThat(again.path("unchanged").asLong()).isEqualTo(3);
        assertThat(again.path("created").asLong() + again.path("updated").asLong())
                .isZero();

        // By their ids: the call gets a new subject (one updated event); the note cannot become a call.
        JsonNode update = importer(api)
                .run(
                        HEADER + tag + "-1,,Intro call (rescheduled),,,,,,,,,,,,,\n" + tag
                                + "-2,call,,,,inbound,,,,,,,,,,\n",
                        COLUMNS,
                        "externalIds.aircall")
                .path("progress");
        assertThat(update.path("updated").asLong()).isEqualTo(1);
        assertThat(update.path("reasons").propertyNames())
                .containsExactly("type: cannot change (this is a note); log a new activity instead");
        assertThat(activity(callId).path("subject").asString()).isEqualTo("Intro call (rescheduled)");
        assertThat(outboxTypes(callId)).containsExactly("crm.activity.created.v1", "crm.activity.updated.v1");
    }

    @Test
    void aLogWithoutAKeyLogsEveryRowAndTheImportersRecordAccessDecidesEachRow() {
        String tag = unique("ak");
        String keyless = "Type,Body\nnote,First " + tag + "\nnote,Second " + tag + "\n";
        Map<String, String> columns = Map.of("Type", "type", "Body", "body");
        assertThat(importer(sales)
                        .run(keyless, columns, null)
                        .path("progress")
                        .path("created")
                        .asLong())
                .isEqualTo(2);
        assertThat(jdbc.sql("select count(*) from activity where body like :body")
                        .param("body", "% " + tag)
                        .query(Long.class)
                        .single())
                .isEqualTo(2);

        // Sam's activity, by its id elsewhere: Sue (support) sees it but may not change it.
        ApiClient.Response sams = sales.post(
                "/api/v1/activities",
                json(Map.of("type", "note", "body", "Sam's note", "externalIds", Map.of("crm", tag))));
        assertThat(sams.status()).isEqualTo(201);
        JsonNode progress = importer(support)
                .run(
                        "Id,Body\n" + tag + ",Sue's edit\n",
                        Map.of("Id", "externalIds.crm", "Body", "body"),
                        "externalIds.crm")
                .path("progress");
        assertThat(progress.path("rejected").asLong()).isEqualTo(1);
        assertThat(progress.path("reasons").propertyNames())
                .containsExactly("externalIds.crm: belongs to an activity you may not change");
        assertThat(activity(sams.id()).path("body").asString()).isEqualTo("Sam's note");
        // A viewer does not import activities.
        ApiClient.Response viewer = apiAs("read-only")
                .post(
                        "/api/v1/imports/activities",
                        "Type\nnote\n".getBytes(java.nio.charset.StandardCharsets.UTF_8),
                        org.springframework.http.MediaType.parseMediaType("text/csv"));
        assertThat(viewer.status()).isEqualTo(403);
    }

    private static String unique(String prefix) {
        return prefix + UUID.randomUUID().toString().substring(0, 8);
    }

    private static ImportClient importer(ApiClient client) {
        return new ImportClient(client, "activities");
    }

    private JsonNode activity(String id) {
        ApiClient.Response response = api.get("/api/v1/activities/" + id);
        assertThat(response.status()).isEqualTo(200);
        return response.body();
    }

    /** The live activity that holds this id of any source, or null. */
    private String activityWithId(String externalId) {
        List<String> ids = jdbc.sql(
                        "select cast(activity_id as text) from activity_external_id where external_id = :id")
                .param("id", externalId)
                .query(String.class)
                .list();
        return ids.isEmpty() ? null : ids.getFirst();
    }
}
