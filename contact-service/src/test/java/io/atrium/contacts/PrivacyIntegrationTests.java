package io.atrium.contacts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.atrium.platform.test.ApiClient;
import io.atrium.platform.test.PersonalDataScan;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.dao.DataIntegrityViolationException;
import tools.jackson.databind.JsonNode;

/**
 * An erased contact leaves nothing of the person in any table contact-service has (docs/privacy.md), and their data
 * never reaches the logs (docs/security.md). The scan reads every text column of every table, so a table added later
 * is covered too.
 */
@ExtendWith(OutputCaptureExtension.class)
class PrivacyIntegrationTests extends IntegrationTest {

    private static final String FIRST = "Theodora";
    private static final String LAST = "Vantongeren";
    private static final String PHONE = "+31 20 794 6215";

    @Test
    void anErasedContactLeavesNothingBehindAndNothingInTheLogs(CapturedOutput output) {
        String email = unique("theodora.vantongeren.") + "@lindenhof.example";
        List<String> person = List.of(LAST, email, PHONE, PHONE.replaceAll("[^0-9]", ""));
        String company = api.post("/api/v1/companies", ApiClient.json(Map.of("name", "Lindenhof Bakeries")))
                .id();
        // This class's import test may have brought in the same person (phone) already: a look-alike, created anyway.
        ApiClient.Response created = api.post(
                "/api/v1/contacts?allowDuplicate=true",
                ApiClient.json(Map.of(
                        "firstName", FIRST,
                        "lastName", LAST,
                        "emails", List.of(Map.of("address", email)),
                        "phones", List.of(Map.of("number", PHONE, "type", "mobile")),
                        "jobTitle", "Head of Purchasing",
                        "companyId", company,
                        "tags", List.of("vip"),
                        "address", Map.of("street", "Prinsengracht 263", "city", "Amsterdam", "country", "NL"),
                        "customFields", Map.of("assistant", "ask for " + FIRST + " " + LAST))),
                h -> h.set("Idempotency-Key", unique("theodora-")));
        assertThat(created.status()).as("%s", created.body()).isEqualTo(201);
        String id = created.id();
        ApiClient.Response updated = api.patch(
                "/api/v1/contacts/" + id,
                "{\"jobTitle\":\"Purchasing director, " + LAST + " household\"}",
                created.etag());
        assertThat(updated.status()).as("%s", updated.body()).isEqualTo(200);
        assertThat(ids(api.get("/api/v1/contacts?q=" + LAST.toLowerCase()))).contains(id);
        // Someone else's retry must keep working after the erasure.
        String othersKey = unique("grace-");
        String othersBody = ApiClient.json(Map.of("firstName", "Grace", "lastName", "Hopper"));
        String other = api.post("/api/v1/contacts", othersBody, h -> h.set("Idempotency-Key", othersKey))
                .id();
        // The relay publishes the rows (they stay in the outbox until pruned): the scan sees both kinds.
        contactEvents().awaitType(id, "crm.contact.updated.v1");
        // Colleagues' saved views that search for the person (docs/privacy.md): their search text goes, the views stay.
        ApiClient colleague = apiAs("sales");
        List<String> views = java.util.stream.Stream.of(
                        FIRST + " " + LAST, LAST.toLowerCase(), email, PHONE.replaceAll("[^0-9]", ""), "purchasing")
                .map(q -> colleague
                        .post(
                                "/api/v1/views",
                                ApiClient.json(Map.of(
                                        "recordType",
                                        "contacts",
                                        "name",
                                        unique("search "),
                                        "filters",
                                        Map.of("q", q, "tag", "vip"))),
                                // kept for retries with its search text: the erasure must reach it too
                                h -> h.set("Idempotency-Key", unique("view-")))
                        .id())
                .toList();

        // Imports hold people too: a run's rejected rows (here the person's row repeated) and a file waiting to run.
        byte[] file = ("Email,First name,Last name,Phone\n" + email + "," + FIRST + "," + LAST + "," + PHONE + "\n"
                        + email + "," + FIRST + "," + LAST + "," + PHONE + "\n")
                .getBytes(java.nio.charset.StandardCharsets.UTF_8);
        org.springframework.http.MediaType csv = org.springframework.http.MediaType.parseMediaType("text/csv");
        JsonNode imported = api.post("/api/v1/imports/contacts", file, csv).body();
        String importId = imported.path("id").asString();
        api.exchange(
                org.springframework.http.HttpMethod.PUT,
                "/api/v1/imports/contacts/" + importId + "/mapping",
                imported.path("suggestedMapping").toString(),
                org.springframework.http.MediaType.APPLICATION_JSON,
                h -> {});
        api.post("/api/v1/imports/contacts/" + importId + "/run", "");
        org.awaitility.Awaitility.await()
                .atMost(java.time.Duration.ofSeconds(60))
                .until(() -> "done"
                        .equals(api.get("/api/v1/imports/contacts/" + importId)
                                .body()
                                .path("status")
                                .asString()));
        String waiting = api.post("/api/v1/imports/contacts", file, csv)
                .body()
                .path("id")
                .asString();

        PersonalDataScan scan = PersonalDataScan.of(jdbc);
        List<PersonalDataScan.Finding> before = scan.find(person);
        assertThat(before.stream().map(PersonalDataScan.Finding::table))
                .as("the scan sees the person where contact-service keeps them:%n%s", PersonalDataScan.describe(before))
                .contains(
                        "public.contact",
                        "public.contact_email",
                        "public.saved_view",
                        "public.atrium_outbox",
                        "public.atrium_idempotency_key",
                        "public.atrium_import_rejected",
                        "public.atrium_import_file");
        assertThat(before.stream().map(PersonalDataScan.Finding::needle)).containsAll(person);

        assertThat(api.post("/api/v1/contacts/" + id + "/erase", null).status()).isEqualTo(204);
        contactEvents().awaitType(id, "crm.contact.erased.v1");

        List<PersonalDataScan.Finding> after = scan.find(person);
        assertThat(after)
                .as("left after the erasure:%n%s", PersonalDataScan.describe(after))
                .isEmpty();
        assertThat(api.get("/api/v1/imports/contacts/" + waiting)
                        .body()
                        .path("status")
                        .asString())
                .isEqualTo("failed");
        for (String view : views) {
            ApiClient.Response kept = colleague.get("/api/v1/views/" + view);
            assertThat(kept.status()).isEqualTo(200);
            assertThat(kept.body().path("filters").path("tag").asString()).isEqualTo("vip");
        }
        assertThat(views.stream().map(v -> colleague
                        .get("/api/v1/views/" + v)
                        .body()
                        .path("filters")
                        .path("q")
                        .asString(null)))
                .as("only the search that does not name the person stays")
                .containsExactly(null, null, null, null, "purchasing");
        ApiClient.Response retried = api.post("/api/v1/contacts", othersBody, h -> h.set("Idempotency-Key", othersKey));
        assertThat(retried.headers().getFirst("Idempotent-Replayed")).isEqualTo("true");
        assertThat(retried.id()).isEqualTo(other);

        assertThat(output.getAll())
                .as("logs of the create, update, search and erasure")
                .doesNotContainIgnoringCase(LAST)
                .doesNotContainIgnoringCase(email)
                .doesNotContain(PHONE);
    }

    @Test
    void aContactRenamedAndDeletedBeforeItsErasureLeavesNoneOfItsWordsInTheSearchDictionary() {
        String former = "Zq" + letters();
        String later = "Vx" + letters();
        ApiClient.Response created =
                api.post("/api/v1/contacts", ApiClient.json(Map.of("firstName", "Theo", "lastName", former)));
        assertThat(created.status()).as("%s", created.body()).isEqualTo(201);
        String id = created.id();
        ApiClient.Response renamed =
                api.patch("/api/v1/contacts/" + id, "{\"lastName\":\"" + later + "\"}", created.etag());
        assertThat(renamed.status()).as("%s", renamed.body()).isEqualTo(200);
        assertThat(dictionaryHas(former))
                .as("the former name stays searchable data until the erasure")
                .isTrue();
        assertThat(dictionaryHas(later)).isTrue();
        assertThat(api.delete("/api/v1/contacts/" + id, renamed.etag()).status())
                .isEqualTo(204);

        assertThat(api.post("/api/v1/contacts/" + id + "/erase", null).status()).isEqualTo(204);

        assertThat(dictionaryHas(former)).as("a name it had before").isFalse();
        assertThat(dictionaryHas(later)).as("the name it had when deleted").isFalse();
    }

    private boolean dictionaryHas(String name) {
        return jdbc.sql("select exists (select 1 from search_word where word = :word)")
                .param("word", name.toLowerCase(java.util.Locale.ROOT))
                .query(Boolean.class)
                .single();
    }

    /** Twelve random letters: a word of its own (search words are runs of letters, digits split them). */
    private static String letters() {
        StringBuilder word = new StringBuilder();
        for (char c : java.util
                .UUID
                .randomUUID()
                .toString()
                .replace("-", "")
                .substring(0, 12)
                .toCharArray()) {
            word.append((char) ('a' + Character.digit(c, 16)));
        }
        return word.toString();
    }

    @Test
    void databaseErrorsDoNotQuoteTheValuesTheyRefused() {
        String email = unique("quoted.") + "@lindenhof.example";
        String id = api.post("/api/v1/contacts", ApiClient.json(Map.of("emails", List.of(Map.of("address", email)))))
                .id();

        // PostgreSQL would say "Key (email)=(...) already exists"; a logged failure must not carry that value.
        assertThatThrownBy(() -> jdbc.sql("insert into contact_email (email, contact_id) values (:email, :id)")
                        .param("email", email)
                        .param("id", UUID.fromString(id))
                        .update())
                .isInstanceOf(DataIntegrityViolationException.class)
                .satisfies(e -> {
                    for (Throwable t = e; t != null; t = t.getCause()) {
                        assertThat(String.valueOf(t.getMessage())).doesNotContain(email);
                    }
                });
    }

    private static List<String> ids(ApiClient.Response page) {
        assertThat(page.status()).as("%s", page.body()).isEqualTo(200);
        return page.body()
                .path("items")
                .valueStream()
                .map(i -> i.path("id").asString())
                .toList();
    }
}
