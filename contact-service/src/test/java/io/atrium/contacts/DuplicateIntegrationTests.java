package io.atrium.contacts;

import static org.assertj.core.api.Assertions.assertThat;

import io.atrium.platform.test.ApiClient;
import io.atrium.platform.test.ImportClient;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;

/**
 * Finding duplicates (issue 18): the pairs of look-alike contacts and companies with their score and reasons, best
 * first and paged; "not duplicates"; a create that looks like an existing record answers 409 possible-duplicate and
 * writes nothing unless allowDuplicate=true; a pair goes when a record is merged, deleted, erased or no longer alike;
 * an import's look-alikes are found too. Record access: {@link DuplicateAccessIntegrationTests}.
 */
class DuplicateIntegrationTests extends IntegrationTest {

    @Autowired
    private PlatformTransactionManager transactions;

    @Test
    void contactsAlikeByMailboxPhoneAndNameAtTheirCompanyArePairedWithTheirReasons() {
        String tag = unique("dup");
        String phone = phone();
        String company = company("Analytical Engines " + tag, null, false).id();
        String ada = contact(Map.of(
                        "firstName",
                        "Ada",
                        "lastName",
                        "Lovelace",
                        "emails",
                        List.of(Map.of("address", "ada." + tag + "@example.org")),
                        "phones",
                        List.of(Map.of("number", "+44 " + phone))))
                .id();
        // One mailbox: the same address with a +tag and other case.
        String countess = contact(
                        Map.of(
                                "firstName",
                                "Countess",
                                "emails",
                                List.of(Map.of("address", "Ada." + tag + "+crm@Example.org"))),
                        true)
                .id();
        // The same number, written nationally.
        String king = contact(
                        Map.of(
                                "firstName",
                                "Augusta",
                                "lastName",
                                "King",
                                "phones",
                                List.of(Map.of("number", "0" + phone))),
                        true)
                .id();
        String grace = contact(Map.of("firstName", "Grace", "lastName", "Hopper" + tag, "companyId", company))
                .id();
        String hoper = contact(Map.of("firstName", "Grace", "lastName", "Hoper" + tag, "companyId", company), true)
                .id();
        // The same name at another company is no reason. (The companies' names share the tag: they look alike.)
        String elsewhere = company("Difference Engines " + tag, null, true).id();
        contact(Map.of("firstName", "Grace", "lastName", "Hopper" + tag, "companyId", elsewhere));

        JsonNode ofAda = candidates("contacts", ada);
        assertThat(ofAda.size()).as(ofAda.toString()).isEqualTo(2);
        // Best first: one mailbox (0.9) before the same phone (0.7); the record asked about first in each pair.
        assertPair(ofAda.get(0), ada, countess, 0.9, "same-email");
        assertThat(ofAda.get(0).path("reasons").get(0).path("detail").asString())
                .isEqualTo("ada." + tag + "@example.org and Ada." + tag + "+crm@Example.org are one mailbox");
        assertPair(ofAda.get(1), ada, king, 0.7, "same-phone");
        assertThat(ofAda.get(1).path("reasons").get(0).path("detail").asString())
                .isEqualTo("+44 " + phone + " and 0" + phone + " are one number");
        assertThat(ofAda.get(0)
                        .path("records")
                        .get(0)
                        .path("emails")
                        .get(0)
                        .path("address")
                        .asString())
                .as("records are full contact views")
                .isEqualTo("ada." + tag + "@example.org");

        JsonNode ofGrace = candidates("contacts", grace);
        assertThat(ofGrace.size()).as(ofGrace.toString()).isEqualTo(1);
        assertPair(ofGrace.get(0), grace, hoper, null, "similar-name-same-company");
        assertThat(ofGrace.get(0).path("reasons").get(0).path("detail").asString())
                .as("no company name: whoever may read both contacts may not read their company")
                .isEqualTo("Grace Hopper" + tag + " and Grace Hoper" + tag + ", at one company");
        assertThat(ofGrace.get(0).path("score").asDouble()).isBetween(0.5, 0.8);

        // The list has every pair once, best first, page after page.
        List<JsonNode> all = allPairs("contacts", 2);
        Set<String> pairs = new HashSet<>();
        double previous = 1;
        for (JsonNode pair : all) {
            double score = pair.path("score").asDouble();
            assertThat(score).isLessThanOrEqualTo(previous).isGreaterThan(0);
            previous = score;
            String first = pair.path("records").get(0).path("id").asString();
            String second = pair.path("records").get(1).path("id").asString();
            assertThat(first).as("the older record first").isLessThan(second);
            assertThat(pairs.add(first + second)).as("listed once: %s", pair).isTrue();
        }
        assertThat(pairs).contains(ada + countess, ada + king, grace + hoper);
        assertThat(all.stream()
                        .filter(p ->
                                p.path("records").get(0).path("id").asString().equals(countess)))
                .as("the mailbox and the phone are not a pair of countess and king")
                .isEmpty();
    }

    @Test
    void companiesAlikeByNameOrRegistrableDomainArePaired() {
        String tag = unique("co");
        String initech =
                company("Initech " + tag, "initech-" + tag + ".example", false).id();
        String initechInc = company("Initech " + tag + ", Inc.", null, true).id();
        String subsidiary = company("Nordic Branch " + tag, "eu.initech-" + tag + ".example", true)
                .id();

        JsonNode of = candidates("companies", initech);
        assertThat(of.size()).as(of.toString()).isEqualTo(2);
        assertPair(of.get(0), initech, initechInc, 0.8, "similar-name");
        assertThat(of.get(0).path("reasons").get(0).path("detail").asString())
                .isEqualTo("Initech " + tag + " and Initech " + tag + ", Inc. are alike");
        assertPair(of.get(1), initech, subsidiary, 0.8, "same-domain");
        assertThat(of.get(1).path("reasons").get(0).path("detail").asString())
                .isEqualTo("initech-" + tag + ".example and eu.initech-" + tag + ".example are one domain");
        assertThat(allPairs("companies", 50).stream()
                        .map(p -> p.path("records").get(0).path("id").asString()
                                + p.path("records").get(1).path("id").asString()))
                .contains(initech + initechInc, initech + subsidiary);
    }

    @Test
    void aCreateThatLooksLikeAnExistingRecordIsAWarningThatWritesNothingUnlessAllowed() {
        String tag = unique("warn");
        String phone = phone();
        String first = contact(
                        Map.of("firstName", "Wanda", "lastName", tag, "phones", List.of(Map.of("number", phone))))
                .id();
        long contacts = rows("contact");
        long events = rows("atrium_outbox");

        String second = ApiClient.json(
                Map.of("firstName", "Vision", "lastName", tag, "phones", List.of(Map.of("number", "(" + phone + ")"))));
        ApiClient.Response refused = api.post("/api/v1/contacts", second);
        assertThat(refused.status()).as(refused.body().toString()).isEqualTo(409);
        assertThat(refused.contentType()).startsWith("application/problem+json");
        assertThat(refused.body().path("type").asString()).endsWith("possible-duplicate");
        JsonNode named = refused.body().path("duplicates");
        assertThat(named.size()).isEqualTo(1);
        assertThat(named.get(0).path("id").asString()).isEqualTo(first);
        assertThat(named.get(0).path("name").asString()).isEqualTo("Wanda " + tag);
        assertThat(named.get(0).path("reasons").get(0).path("code").asString()).isEqualTo("same-phone");
        assertThat(named.get(0).path("reasons").get(0).path("detail").asString())
                .isEqualTo(phone + " and (" + phone + ") are one number");
        assertThat(rows("contact")).as("nothing written").isEqualTo(contacts);
        assertThat(rows("atrium_outbox")).as("no event").isEqualTo(events);
        assertThat(candidates("contacts", first).size()).isZero();

        ApiClient.Response allowed = api.post("/api/v1/contacts?allowDuplicate=true", second);
        assertThat(allowed.status()).as(allowed.body().toString()).isEqualTo(201);
        assertThat(candidates("contacts", first)
                        .get(0)
                        .path("records")
                        .get(1)
                        .path("id")
                        .asString())
                .isEqualTo(allowed.id());

        // An exact email stays a hard conflict, allowed or not.
        String email = tag + "@example.com";
        contact(Map.of("emails", List.of(Map.of("address", email))));
        ApiClient.Response taken = api.post(
                "/api/v1/contacts?allowDuplicate=true",
                ApiClient.json(Map.of("emails", List.of(Map.of("address", email)))));
        assertThat(taken.status()).isEqualTo(409);
        assertThat(taken.body().path("type").asString()).endsWith("duplicate-contact-email");

        // Companies: a similar name warns, an exact domain is a conflict.
        String domain = unique("globex") + ".example";
        String globex = company("Globex " + tag, domain, false).id();
        ApiClient.Response alike =
                api.post("/api/v1/companies", ApiClient.json(Map.of("name", "GLOBEX " + tag + " Ltd")));
        assertThat(alike.status()).as(alike.body().toString()).isEqualTo(409);
        assertThat(alike.body().path("type").asString()).endsWith("possible-duplicate");
        assertThat(alike.body().path("duplicates").get(0).path("id").asString()).isEqualTo(globex);
        assertThat(alike.body().path("duplicates").get(0).path("name").asString())
                .isEqualTo("Globex " + tag);
        assertThat(alike.body()
                        .path("duplicates")
                        .get(0)
                        .path("reasons")
                        .get(0)
                        .path("code")
                        .asString())
                .isEqualTo("similar-name");
        ApiClient.Response sameDomain = api.post(
                "/api/v1/companies?allowDuplicate=true",
                ApiClient.json(Map.of("name", "Other " + tag, "domain", domain)));
        assertThat(sameDomain.status()).isEqualTo(409);
        assertThat(sameDomain.body().path("type").asString()).endsWith("duplicate-company-domain");
        assertThat(api.post(
                                "/api/v1/companies?allowDuplicate=true",
                                ApiClient.json(Map.of("name", "GLOBEX " + tag + " Ltd")))
                        .status())
                .isEqualTo(201);
    }

    @Test
    void aDismissedPairIsNeverListedAgain() {
        String tag = unique("dis");
        String phone = phone();
        String a = contact(Map.of("firstName", "Tom", "lastName", tag, "phones", List.of(Map.of("number", phone))))
                .id();
        String b = contact(
                        Map.of("firstName", "Tim", "lastName", tag, "phones", List.of(Map.of("number", phone))), true)
                .id();
        assertThat(candidates("contacts", a).size()).isEqualTo(1);

        ApiClient.Response dismissed = dismiss("contacts", List.of(b, a));
        assertThat(dismissed.status()).as(String.valueOf(dismissed.body())).isEqualTo(204);
        assertThat(candidates("contacts", a).size()).isZero();
        assertThat(candidates("contacts", b).size()).isZero();
        assertThat(allPairs("contacts", 200).stream()
                        .map(p -> p.path("records").get(0).path("id").asString()))
                .doesNotContain(a);
        // Still alike after an edit, still dismissed; dismissing twice is fine.
        ApiClient.Response edited = api.patch(
                "/api/v1/contacts/" + b, ApiClient.json(Map.of("jobTitle", "Twin", "lastName", tag + "x")), "\"1\"");
        assertThat(edited.status()).isEqualTo(200);
        assertThat(candidates("contacts", a).size()).isZero();
        assertThat(dismiss("contacts", List.of(a, b)).status()).isEqualTo(204);
    }

    @Test
    void aPairGoesWhenARecordIsMergedDeletedErasedOrNoLongerAlike() {
        String tag = unique("gone");
        String phone = phone();
        Map<String, Object> person =
                Map.of("firstName", "Pat", "lastName", tag, "phones", List.of(Map.of("number", phone)));
        String kept = contact(person).id();
        String merged = contact(person, true).id();
        String deleted = contact(person, true).id();
        String erased = contact(person, true).id();
        String edited = contact(person, true).id();
        assertThat(candidates("contacts", kept).size()).isEqualTo(4);
        // A dismissal of the erased contact, which its erasure must not leave behind.
        assertThat(dismiss("contacts", List.of(erased, deleted)).status()).isEqualTo(204);

        ApiClient.Response merge = api.exchange(
                HttpMethod.POST,
                "/api/v1/contacts/" + kept + "/merge",
                ApiClient.json(Map.of("duplicateId", merged, "duplicateVersion", 1)),
                MediaType.APPLICATION_JSON,
                h -> h.setIfMatch("\"1\""));
        assertThat(merge.status()).as(merge.body().toString()).isEqualTo(200);
        assertThat(otherIds(candidates("contacts", kept))).containsExactlyInAnyOrder(deleted, erased, edited);

        assertThat(api.delete("/api/v1/contacts/" + deleted, "\"1\"").status()).isEqualTo(204);
        assertThat(otherIds(candidates("contacts", kept))).containsExactlyInAnyOrder(erased, edited);

        assertThat(api.post("/api/v1/contacts/" + erased + "/erase", "").status())
                .isIn(200, 204);
        assertThat(otherIds(candidates("contacts", kept))).containsExactly(edited);
        assertThat(jdbc.sql("select count(*) from duplicate_pair where first_id = cast(:id as uuid)"
                                + " or second_id = cast(:id as uuid)")
                        .param("id", erased)
                        .query(Long.class)
                        .single())
                .isZero();
        assertThat(jdbc.sql("select count(*) from duplicate_dismissal where first_id = cast(:id as uuid)"
                                + " or second_id = cast(:id as uuid)")
                        .param("id", erased)
                        .query(Long.class)
                        .single())
                .as("an erasure forgets the person's dismissals")
                .isZero();

        ApiClient.Response patched = api.patch(
                "/api/v1/contacts/" + edited,
                ApiClient.json(Map.of("phones", List.of(Map.of("number", phone())))),
                "\"1\"");
        assertThat(patched.status()).isEqualTo(200);
        assertThat(candidates("contacts", kept).size()).isZero();

        // Companies: a rename that ends the likeness ends the pair.
        String company = company("Umbrella " + tag, null, false).id();
        String other = company("Umbrella " + tag + " GmbH", null, true).id();
        assertThat(otherIds(candidates("companies", company))).containsExactly(other);
        assertThat(api.patch("/api/v1/companies/" + other, "{\"name\":\"Stark Industries " + tag + "\"}", "\"1\"")
                        .status())
                .isEqualTo(200);
        assertThat(candidates("companies", company).size()).isZero();
    }

    @Test
    void deletedLookAlikesDoNotCrowdOutLiveOnes() {
        // More deleted contacts with one number than a look-up examines (100): the live pair is still found.
        String phone = phone();
        Map<String, Object> person =
                Map.of("firstName", "Del", "lastName", unique("crowd"), "phones", List.of(Map.of("number", phone)));
        for (int i = 0; i < 105; i++) {
            String id = contact(person, true).id();
            assertThat(api.delete("/api/v1/contacts/" + id, "\"1\"").status()).isEqualTo(204);
        }
        String first = contact(person, true).id();
        String second = contact(person, true).id();

        assertThat(otherIds(candidates("contacts", second))).containsExactly(first);
    }

    @Test
    void anImportOfManyRowsFindsItsLookAlikes() {
        String tag = unique("imp");
        StringBuilder csv = new StringBuilder("Email,First name,Last name,Phone\n");
        List<String> phones = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            phones.add(phone());
        }
        // 300 rows: every number three times (rows i, i+100, i+200), so each number makes three pairs.
        for (int i = 0; i < 300; i++) {
            csv.append(tag)
                    .append('-')
                    .append(i)
                    .append("@example.com,Row,")
                    .append(tag)
                    .append(i)
                    .append(',')
                    .append(phones.get(i % 100))
                    .append('\n');
        }
        Map<String, String> columns = new LinkedHashMap<>();
        columns.put("Email", "email");
        columns.put("First name", "firstName");
        columns.put("Last name", "lastName");
        columns.put("Phone", "phone");
        JsonNode job = new ImportClient(api, "contacts").run(csv.toString(), columns, "email");
        assertThat(job.path("progress").path("created").asLong())
                .as(job.toString())
                .isEqualTo(300);

        long pairs =
                jdbc.sql("""
                        select count(*) from duplicate_pair p
                        join contact a on a.id = p.first_id join contact b on b.id = p.second_id
                        where p.kind = 'contact' and a.emails ->> 0 like :tag and b.emails ->> 0 like :tag
                            and p.reasons @> '[{"code": "same-phone"}]'
                        """).param("tag", "%" + tag + "-%").query(Long.class).single();
        assertThat(pairs).isEqualTo(300);
    }

    @Test
    void oneStatementOfMoreThanAChunkOfContactsIsIndexedAndPairedThroughout() {
        // 25,000 rows in one statement (as a bulk COPY writes them): its triggers work through the ids in chunks of
        // 10,000 (V51), and the last chunk's rows get their search words and their pairs like the first's. In a
        // transaction rolled back afterwards, so the other tests' lists never see these rows.
        String tag = unique("chunk");
        // A search word is a run of letters: the last row's own word has no digits.
        String word = "chunkword" + UUID.randomUUID().toString().replaceAll("[^a-f]", "");
        String phone = phone();
        String existing = contact(
                        Map.of("firstName", "Early", "lastName", tag, "phones", List.of(Map.of("number", phone))), true)
                .id();
        new TransactionTemplate(transactions).executeWithoutResult(status -> {
            status.setRollbackOnly();
            jdbc.sql("""
                            insert into contact (id, version, first_name, last_name, emails, phones, created_by,
                                created_at, updated_by, updated_at, search_text)
                            select gen_random_uuid(), 1, 'Bulk', :tag || i,
                                jsonb_build_array(jsonb_build_object('address', :tag || '-' || i || '@example.com',
                                    'primary', true)),
                                case when i = 25000 then jsonb_build_array(jsonb_build_object('number', :phone))
                                     else '[]'::jsonb end,
                                'test', now(), 'test', now(),
                                case when i = 25000 then 'bulk ' || :word else 'bulk' end
                            from generate_series(1, 25000) i
                            """)
                    .param("tag", tag)
                    .param("word", word)
                    .param("phone", phone)
                    .update();
            // Every row of every chunk has its words (the shared "bulk"), and the dictionary has the last one's own.
            assertThat(jdbc.sql("select count(distinct p.contact_id) from contact_search_word p"
                                    + " join contact c on c.id = p.contact_id"
                                    + " where p.word = 'bulk' and c.last_name like :tag")
                            .param("tag", tag + "%")
                            .query(Long.class)
                            .single())
                    .isEqualTo(25000);
            assertThat(jdbc.sql("select count(*) from search_word where word = :word")
                            .param("word", word)
                            .query(Long.class)
                            .single())
                    .isEqualTo(1);
            String last = jdbc.sql("select id::text from contact where last_name = :name")
                    .param("name", tag + 25000)
                    .query(String.class)
                    .single();
            assertThat(jdbc.sql("select count(*) from contact_search_word where contact_id = cast(:id as uuid)"
                                    + " and word = :word")
                            .param("id", last)
                            .param("word", word)
                            .query(Long.class)
                            .single())
                    .isEqualTo(1);
            assertThat(jdbc.sql("""
                            select count(*) from duplicate_pair
                            where kind = 'contact' and least(first_id, second_id) = least(cast(:a as uuid), cast(:b as uuid))
                                and greatest(first_id, second_id) = greatest(cast(:a as uuid), cast(:b as uuid))
                                and reasons @> '[{"code": "same-phone"}]'
                            """)
                            .param("a", existing)
                            .param("b", last)
                            .query(Long.class)
                            .single())
                    .isEqualTo(1);
        });
    }

    @Test
    void badInputIsRefusedNamingTheField() {
        for (String limit : List.of("0", "201", "x")) {
            ApiClient.Response response = api.get("/api/v1/contacts/duplicates?limit=" + limit);
            assertThat(response.status()).isEqualTo(400);
            assertThat(response.contentType()).startsWith("application/problem+json");
            assertThat(response.errorFields()).containsExactly("limit");
        }
        ApiClient.Response cursor = api.get("/api/v1/companies/duplicates?cursor=not-a-cursor");
        assertThat(cursor.status()).isEqualTo(400);
        assertThat(cursor.errorFields()).containsExactly("cursor");

        String a = contact(Map.of("firstName", unique("Solo"))).id();
        String unknown = "0190c0de-0000-7000-8000-000000000000";
        Map<List<String>, String> bad = new LinkedHashMap<>();
        bad.put(List.of(a), "ids");
        bad.put(List.of(a, a), "ids");
        bad.put(List.of(a, "nope"), "ids[1]");
        bad.put(List.of(a, a, a), "ids");
        for (Map.Entry<List<String>, String> e : bad.entrySet()) {
            ApiClient.Response response = dismiss("contacts", e.getKey());
            assertThat(response.status()).as(e.getKey().toString()).isEqualTo(400);
            assertThat(response.contentType()).startsWith("application/problem+json");
            assertThat(response.errorFields()).containsExactly(e.getValue());
        }
        ApiClient.Response noIds = api.post("/api/v1/contacts/duplicates/dismissals", "{}");
        assertThat(noIds.status()).isEqualTo(400);
        assertThat(noIds.errorFields()).containsExactly("ids");
        ApiClient.Response missing = dismiss("contacts", List.of(a, unknown));
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.body().path("field").asString()).isEqualTo("ids[1]");
        ApiClient.Response wrongKind = dismiss("companies", List.of(unknown, a));
        assertThat(wrongKind.status()).isEqualTo(404);
        assertThat(wrongKind.body().path("field").asString()).isEqualTo("ids[0]");
        assertThat(rows("duplicate_dismissal where first_id = '" + a + "' or second_id = '" + a + "'"))
                .isZero();
        assertThat(api.get("/api/v1/contacts/" + unknown + "/duplicates").status())
                .isEqualTo(404);
        assertThat(apiAs("read-only")
                        .post(
                                "/api/v1/companies/duplicates/dismissals",
                                ApiClient.json(Map.of("ids", List.of(a, unknown))))
                        .status())
                .isEqualTo(403);
    }

    // --- helpers ---

    /** A random national number (10 digits with a leading area code), unlike any other test's. */
    static String phone() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        return "2" + random.nextInt(10, 100) + " " + random.nextInt(1000, 10000) + " " + random.nextInt(1000, 10000);
    }

    private ApiClient.Response contact(Map<String, ?> body) {
        return contact(body, false);
    }

    private ApiClient.Response contact(Map<String, ?> body, boolean allowDuplicate) {
        ApiClient.Response response =
                api.post("/api/v1/contacts" + (allowDuplicate ? "?allowDuplicate=true" : ""), ApiClient.json(body));
        assertThat(response.status()).as(response.body().toString()).isEqualTo(201);
        return response;
    }

    private ApiClient.Response company(String name, String domain, boolean allowDuplicate) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", name);
        if (domain != null) {
            body.put("domain", domain);
        }
        ApiClient.Response response =
                api.post("/api/v1/companies" + (allowDuplicate ? "?allowDuplicate=true" : ""), ApiClient.json(body));
        assertThat(response.status()).as(response.body().toString()).isEqualTo(201);
        return response;
    }

    private JsonNode candidates(String kind, String id) {
        ApiClient.Response response = api.get("/api/v1/" + kind + "/" + id + "/duplicates");
        assertThat(response.status()).as(response.body().toString()).isEqualTo(200);
        return response.body().path("items");
    }

    private List<JsonNode> allPairs(String kind, int limit) {
        List<JsonNode> all = new ArrayList<>();
        String cursor = null;
        do {
            ApiClient.Response page = api.get(
                    "/api/v1/" + kind + "/duplicates?limit=" + limit + (cursor == null ? "" : "&cursor=" + cursor));
            assertThat(page.status()).as(page.body().toString()).isEqualTo(200);
            assertThat(page.body().path("items").size()).isLessThanOrEqualTo(limit);
            page.body().path("items").forEach(all::add);
            cursor = page.body().path("next").isString()
                    ? page.body().path("next").asString()
                    : null;
        } while (cursor != null);
        return all;
    }

    private ApiClient.Response dismiss(String kind, List<String> ids) {
        return api.post("/api/v1/" + kind + "/duplicates/dismissals", ApiClient.json(Map.of("ids", ids)));
    }

    private static List<String> otherIds(JsonNode pairs) {
        List<String> ids = new ArrayList<>();
        pairs.forEach(p -> ids.add(p.path("records").get(1).path("id").asString()));
        return ids;
    }

    private static void assertPair(JsonNode pair, String first, String second, Double score, String... codes) {
        assertThat(pair.path("records").get(0).path("id").asString()).isEqualTo(first);
        assertThat(pair.path("records").get(1).path("id").asString()).isEqualTo(second);
        if (score != null) {
            assertThat(pair.path("score").asDouble()).isEqualTo(score);
        }
        assertThat(pair.path("reasons").valueStream().map(r -> r.path("code").asString()))
                .containsExactly(codes);
        pair.path("reasons")
                .forEach(r -> assertThat(r.path("detail").asString()).isNotBlank());
    }
}
