package io.atrium.deals;

import static org.assertj.core.api.Assertions.assertThat;

import io.atrium.platform.test.ApiClient;
import io.atrium.platform.test.OwnerEvents;
import io.atrium.platform.test.PersonalDataScan;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/**
 * A contact erased by contact-service leaves nothing of the person in any table deal-service has (docs/privacy.md):
 * not in the replica, not in the deals, not in stored idempotent responses (which named them), not in the outbox; and
 * their data never reaches the logs. The scan reads every text column of every table.
 */
@ExtendWith(OutputCaptureExtension.class)
class PrivacyIntegrationTests extends IntegrationTest {

    private static final String FIRST = "Theodora";
    private static final String LAST = "Vantongeren";
    private static final String PHONE = "+31 20 794 6215";

    @Test
    void anErasedContactLeavesNothingBehindAndNothingInTheLogs(CapturedOutput output) {
        OwnerEvents owners = new OwnerEvents(kafka, jdbc);
        String email = unique("theodora.vantongeren.") + "@lindenhof.example";
        List<String> person = List.of(LAST, email, PHONE, PHONE.replaceAll("[^0-9]", ""));
        UUID theodora = owners.contact(FIRST, LAST, List.of(PHONE), email);
        UUID colleague = owners.contact("Grace", "Hopper", unique("grace.") + "@lindenhof.example");
        UUID company = owners.company("Lindenhof Bakeries");
        ApiClient.Response pipeline = pipeline(unique("Bakery deals "), "Qualified:20", "Proposal:60");

        ApiClient.Response ovens = sales.post(
                "/api/v1/deals",
                """
                {"pipelineId":"%s","title":"Ovens for the Amsterdam branch","amount":{"value":"48000.00","currency":"EUR"},
                 "primaryContactId":"%s","contactIds":["%s","%s"],"companyId":"%s","leadSource":"trade fair"}
                """.formatted(pipeline.id(), theodora, theodora, colleague, company),
                h -> h.set("Idempotency-Key", unique("ovens-")));
        assertThat(ovens.status()).as("%s", ovens.body()).isEqualTo(201);
        ApiClient.Response flour = sales.post(
                "/api/v1/deals",
                """
                {"pipelineId":"%s","title":"Flour supply 2027","contactIds":["%s"]}
                """.formatted(pipeline.id(), theodora),
                h -> h.set("Idempotency-Key", unique("flour-")));
        assertThat(flour.status()).as("%s", flour.body()).isEqualTo(201);
        ApiClient.Response lost = sales.post(
                "/api/v1/deals/" + flour.id() + "/lose", "{\"reason\":\"Price\",\"note\":\"Went with a mill\"}", h -> {
                    h.setIfMatch(flour.etag());
                });
        assertThat(lost.status()).as("%s", lost.body()).isEqualTo(200);
        // A deal that does not involve her: its stored response must survive, so its retry still replays.
        String othersKey = unique("grace-");
        String othersBody = "{\"pipelineId\":\"%s\",\"title\":\"Mixers\",\"contactIds\":[\"%s\"]}"
                .formatted(pipeline.id(), colleague);
        String mixers = sales.post("/api/v1/deals", othersBody, h -> h.set("Idempotency-Key", othersKey))
                .id();

        PersonalDataScan scan = PersonalDataScan.of(jdbc);
        List<PersonalDataScan.Finding> before = scan.find(person);
        assertThat(before.stream().map(PersonalDataScan.Finding::table))
                .as("the scan sees the person where deal-service keeps them:%n%s", PersonalDataScan.describe(before))
                .contains("public.atrium_reference", "public.atrium_idempotency_key");

        owners.erase(theodora, 2);
        // The replica, the deals and the stored responses change in the transaction that applies the event.
        dealEvents().awaitType(ovens.id(), "crm.deal.updated.v1");

        List<PersonalDataScan.Finding> after = scan.find(person);
        assertThat(after)
                .as("left after the erasure:%n%s", PersonalDataScan.describe(after))
                .isEmpty();
        assertThat(sales.get("/api/v1/deals/" + ovens.id())
                        .body()
                        .path("contactIds")
                        .valueStream())
                .extracting(n -> n.asString())
                .containsExactly(colleague.toString());
        ApiClient.Response retried = sales.post("/api/v1/deals", othersBody, h -> h.set("Idempotency-Key", othersKey));
        assertThat(retried.headers().getFirst("Idempotent-Replayed")).isEqualTo("true");
        assertThat(retried.id()).isEqualTo(mixers);

        assertThat(output.getAll())
                .as("logs while her deals were created and she was erased")
                .doesNotContainIgnoringCase(LAST)
                .doesNotContainIgnoringCase(email)
                .doesNotContain(PHONE);
    }
}
