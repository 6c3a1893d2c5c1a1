package io.atrium.contacts;

import static org.assertj.core.api.Assertions.assertThat;

import io.atrium.platform.test.ApiClient;
import io.atrium.platform.test.PersonalDataScan;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Web forms (issue 19, ADR 24): marketing defines a form; a visitor's post — as a browser sends it, without a token —
 * creates or updates the contact by email with its consent proof in one transaction; everything a bot would do is
 * refused before anything is written.
 */
class FormIntegrationTests extends IntegrationTest {

    private static final String SITE = "http://shop.example.test:8000";
    private static final String WORDING = "Send me the monthly newsletter. I can unsubscribe at any time.";
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** A form as marketing would set one up, with these limits. */
    private String form(int minFillSeconds, int perIpPerMinute) {
        ApiClient.Response created = apiAs("marketing")
                .post(
                        "/api/v1/forms",
                        ApiClient.json(Map.of(
                                "name", unique("Newsletter "),
                                "fields",
                                        List.of(
                                                Map.of(
                                                        "name",
                                                        "email",
                                                        "label",
                                                        "Email",
                                                        "mapsTo",
                                                        "email",
                                                        "required",
                                                        true),
                                                Map.of(
                                                        "name",
                                                        "first_name",
                                                        "label",
                                                        "First name",
                                                        "mapsTo",
                                                        "firstName",
                                                        "required",
                                                        false),
                                                Map.of(
                                                        "name",
                                                        "role",
                                                        "label",
                                                        "Role",
                                                        "mapsTo",
                                                        "jobTitle",
                                                        "required",
                                                        false),
                                                Map.of(
                                                        "name",
                                                        "team_size",
                                                        "label",
                                                        "Team size",
                                                        "mapsTo",
                                                        "customFields.teamSize",
                                                        "required",
                                                        false)),
                                "consents",
                                        List.of(Map.of(
                                                "name",
                                                "newsletter",
                                                "channel",
                                                "email",
                                                "purpose",
                                                "marketing",
                                                "wording",
                                                WORDING,
                                                "required",
                                                true)),
                                "allowedOrigins", List.of(SITE),
                                "redirectUrl", SITE + "/thanks",
                                "leadSource", "newsletter",
                                "tags", List.of("newsletter"),
                                "minFillSeconds", minFillSeconds,
                                "perIpPerMinute", perIpPerMinute)));
        assertThat(created.status()).as("%s", created.body()).isEqualTo(201);
        assertThat(created.body().path("submitUrl").asString())
                .isEqualTo("/public/forms/" + created.id() + "/submissions");
        return created.id();
    }

    /**
     * A ticket as the form's page would have been given {@code secondsAgo} seconds ago: signed with the key the
     * service keeps in its database, as the service signs them (a real page would have waited that long).
     */
    private String ticketIssued(String formId, long secondsAgo, String visitorIp) throws Exception {
        api.get("/public/forms/" + formId); // makes the key if no page asked before
        byte[] secret = jdbc.sql("select secret from web_form_secret where id = 1")
                .query(byte[].class)
                .single();
        long issued = Instant.now().getEpochSecond() - secondsAgo;
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret, "HmacSHA256"));
        return issued + "."
                + Base64.getUrlEncoder()
                        .withoutPadding()
                        .encodeToString(mac.doFinal(
                                (formId + "." + issued + "." + visitorIp).getBytes(StandardCharsets.UTF_8)));
    }

    private record Answer(int status, Map<String, List<String>> headers, JsonNode body) {

        String header(String name) {
            return headers.entrySet().stream()
                    .filter(e -> e.getKey().equalsIgnoreCase(name))
                    .map(e -> e.getValue().getFirst())
                    .findFirst()
                    .orElse(null);
        }
    }

    /** A browser's plain HTML post: urlencoded, from {@code origin}, through the gateway that says who the visitor is. */
    private Answer post(String formId, Map<String, String> fields, String origin, String visitorIp, String accept)
            throws Exception {
        String body = fields.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        HttpRequest.Builder request = HttpRequest.newBuilder(
                        URI.create("http://localhost:" + port + "/public/forms/" + formId + "/submissions"))
                .header("Content-Type", MediaType.APPLICATION_FORM_URLENCODED_VALUE)
                .header("Atrium-Client-Address", visitorIp)
                .header("User-Agent", "Mozilla/5.0 (test)")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (origin != null) {
            request.header("Origin", origin);
        }
        if (accept != null) {
            request.header("Accept", accept);
        }
        HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        JsonNode json = response.body().isEmpty() ? JSON.missingNode() : JSON.readTree(response.body());
        return new Answer(response.statusCode(), response.headers().map(), json);
    }

    /** The form as a page at this address loads it (its ticket is bound to the address). */
    private JsonNode show(String formId, String visitorIp) throws Exception {
        HttpResponse<String> response = HTTP.send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/public/forms/" + formId))
                        .header("Atrium-Client-Address", visitorIp)
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    private static Map<String, String> visitor(String email, String ticket) {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("email", email);
        fields.put("first_name", "Ada");
        fields.put("role", "Head of Engineering");
        fields.put("team_size", "40");
        fields.put("newsletter", "on");
        fields.put("_hp", "");
        fields.put("_ticket", ticket);
        fields.put("utm_source", "linkedin");
        fields.put("utm_campaign", "spring-launch");
        fields.put("_page", SITE + "/newsletter");
        return fields;
    }

    /** The live contacts that own {@code email} (the email index, any case). */
    private List<java.util.UUID> ownersOf(String email) {
        return jdbc.sql("select contact_id from contact_email where email = lower(:email)")
                .param("email", email)
                .query(java.util.UUID.class)
                .list();
    }

    private JsonNode contactByEmail(String email) {
        List<java.util.UUID> owners = ownersOf(email);
        assertThat(owners).as("contacts with %s", email).hasSize(1);
        ApiClient.Response contact = api.get("/api/v1/contacts/" + owners.getFirst());
        assertThat(contact.status()).isEqualTo(200);
        return contact.body();
    }

    @Test
    void aVisitorsPostCreatesALeadWithItsConsentProofAndEvents() throws Exception {
        String form = form(3, 5);
        String email = unique("ada.") + "@example.org";

        Answer answer = post(form, visitor(email, ticketIssued(form, 10, "203.0.113.7")), SITE, "203.0.113.7", null);

        assertThat(answer.status()).as("%s", answer.body()).isEqualTo(303);
        assertThat(answer.header("Location")).isEqualTo(SITE + "/thanks");
        assertThat(answer.header("Access-Control-Allow-Origin")).isEqualTo(SITE);
        JsonNode contact = contactByEmail(email);
        assertThat(contact.path("firstName").asString()).isEqualTo("Ada");
        assertThat(contact.path("jobTitle").asString()).isEqualTo("Head of Engineering");
        assertThat(contact.path("lifecycleStage").asString()).isEqualTo("lead");
        assertThat(contact.path("leadSource").asString()).isEqualTo("newsletter");
        assertThat(contact.path("tags").toString()).contains("newsletter");
        assertThat(contact.path("customFields").path("teamSize").asString()).isEqualTo("40");
        assertThat(contact.path("consent").path("status").asString()).isEqualTo("granted");
        assertThat(contact.path("createdBy").asString()).isEqualTo("form:" + form);

        JsonNode history = api.get("/api/v1/contacts/" + contact.path("id").asString() + "/consents")
                .body()
                .path("entries");
        assertThat(history.size()).isEqualTo(1);
        JsonNode proof = history.get(0);
        assertThat(proof.path("channel").asString()).isEqualTo("email");
        assertThat(proof.path("purpose").asString()).isEqualTo("marketing");
        assertThat(proof.path("status").asString()).isEqualTo("granted");
        assertThat(proof.path("source").asString()).isEqualTo("web-form");
        assertThat(proof.path("wording").asString()).isEqualTo(WORDING);
        assertThat(proof.path("formId").asString()).isEqualTo(form);
        assertThat(proof.path("formVersion").asLong()).isEqualTo(1);
        assertThat(proof.path("ip").asString())
                .as("the address the gateway found")
                .isEqualTo("203.0.113.7");

        var created = contactEvents().awaitType(contact.path("id").asString(), "crm.contact.created.v1");
        assertValidEvent(created);
        assertThat(created.event()
                        .path("data")
                        .path("contact")
                        .path("leadSource")
                        .asString())
                .isEqualTo("newsletter");

        JsonNode submissions = apiAs("marketing")
                .get("/api/v1/forms/" + form + "/submissions")
                .body()
                .path("items");
        assertThat(submissions.size()).isEqualTo(1);
        assertThat(submissions.get(0).path("outcome").asString()).isEqualTo("created");
        assertThat(submissions.get(0).path("utm").path("utm_campaign").asString())
                .isEqualTo("spring-launch");
        assertThat(submissions.get(0).path("pageUrl").asString()).isEqualTo(SITE + "/newsletter");
        JsonNode counts = apiAs("marketing").get("/api/v1/forms/" + form).body();
        assertThat(counts.path("submissions").asLong()).isEqualTo(1);
        assertThat(counts.path("newContacts").asLong()).isEqualTo(1);
    }

    @Test
    void aKnownEmailOnlyGetsWhatItLacksAndAScriptGetsJson() throws Exception {
        String form = form(3, 5);
        String email = unique("grace.") + "@example.org";
        ApiClient.Response existing = api.post(
                "/api/v1/contacts?allowDuplicate=true",
                ApiClient.json(Map.of(
                        "firstName", "Grace",
                        "lifecycleStage", "customer",
                        "leadSource", "referral",
                        "emails", List.of(Map.of("address", email)))));
        assertThat(existing.status()).as("%s", existing.body()).isEqualTo(201);

        Map<String, String> fields = visitor(email.toUpperCase(), ticketIssued(form, 5, "203.0.113.8"));
        Answer answer = post(form, fields, SITE, "203.0.113.8", "application/json");

        assertThat(answer.status()).as("%s", answer.body()).isEqualTo(201);
        assertThat(answer.body().path("redirectUrl").asString()).isEqualTo(SITE + "/thanks");
        JsonNode contact = contactByEmail(email);
        assertThat(contact.path("id").asString()).isEqualTo(existing.id());
        assertThat(contact.path("firstName").asString())
                .as("not overwritten by a visitor")
                .isEqualTo("Grace");
        assertThat(contact.path("lifecycleStage").asString()).isEqualTo("customer");
        assertThat(contact.path("leadSource").asString()).isEqualTo("referral");
        assertThat(contact.path("jobTitle").asString())
                .as("filled in: it had none")
                .isEqualTo("Head of Engineering");
        assertThat(contact.path("consent").path("status").asString()).isEqualTo("granted");
        contactEvents().awaitType(existing.id(), "crm.contact.updated.v1");
        JsonNode counts = apiAs("marketing").get("/api/v1/forms/" + form).body();
        assertThat(counts.path("submissions").asLong()).isEqualTo(1);
        assertThat(counts.path("newContacts").asLong()).isZero();
    }

    @Test
    void aRetriedPostWithItsKeyIsAnsweredOnce() throws Exception {
        String form = form(3, 5);
        String email = unique("retry.") + "@example.org";
        Map<String, String> fields = visitor(email, ticketIssued(form, 5, "203.0.113.9"));
        fields.put("_key", unique("page-load-"));

        Answer first = post(form, fields, SITE, "203.0.113.9", "application/json");
        Answer again = post(form, fields, SITE, "203.0.113.9", "application/json");

        assertThat(first.status()).as("%s", first.body()).isEqualTo(201);
        assertThat(again.status()).isEqualTo(201);
        assertThat(again.header("Idempotent-Replayed")).isEqualTo("true");
        assertThat(again.body().path("submissionId")).isEqualTo(first.body().path("submissionId"));
        assertThat(jdbc.sql("select count(*) from web_form_submission where form_id = :id")
                        .param("id", java.util.UUID.fromString(form))
                        .query(Long.class)
                        .single())
                .isEqualTo(1);
    }

    @Test
    void whatABotDoesIsRefusedAndWritesNothing() throws Exception {
        String form = form(60, 50);
        String email = unique("bot.") + "@example.org";
        String oldTicket = ticketIssued(form, 120, "203.0.113.20");
        String freshTicket = show(form, "203.0.113.20").path("ticket").asString();
        List<Answer> refused = new ArrayList<>();

        Map<String, String> honeypot = visitor(email, oldTicket);
        honeypot.put("_hp", "http://spam.example");
        refused.add(post(form, honeypot, SITE, "203.0.113.20", null));
        refused.add(post(form, visitor(email, freshTicket), SITE, "203.0.113.20", null));
        Map<String, String> noTicket = visitor(email, oldTicket);
        noTicket.remove("_ticket");
        refused.add(post(form, noTicket, SITE, "203.0.113.20", null));
        refused.add(post(form, visitor(email, "12345.forged"), SITE, "203.0.113.20", null));
        refused.add(post(
                form, visitor(email, ticketIssued(form, 2 * 24 * 3600, "203.0.113.20")), SITE, "203.0.113.20", null));
        refused.add(post(form, visitor(email, ticketIssued(form, 120, "198.51.100.1")), SITE, "203.0.113.20", null));
        String otherForm = form(60, 50);
        refused.add(
                post(form, visitor(email, ticketIssued(otherForm, 120, "203.0.113.20")), SITE, "203.0.113.20", null));
        assertThat(refused).allSatisfy(a -> {
            assertThat(a.status()).as("%s", a.body()).isEqualTo(400);
            assertThat(a.body().path("type").asString()).endsWith("submission-refused");
        });

        // A percent-encoded character in the form's id is the same path to the controller: the origin check sees it
        // too.
        String last = form.substring(35);
        String encodedPath =
                "/public/forms/" + form.substring(0, 35) + "%" + Integer.toHexString(last.charAt(0)) + "/submissions";
        HttpResponse<String> sneaky = HTTP.send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + port + encodedPath))
                        .header("Content-Type", MediaType.APPLICATION_FORM_URLENCODED_VALUE)
                        .header("Origin", "https://evil.example")
                        .POST(HttpRequest.BodyPublishers.ofString("email=" + email + "&newsletter=on"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(sneaky.statusCode()).isEqualTo(403);
        HttpResponse<String> notAnId = HTTP.send(
                HttpRequest.newBuilder(URI.create(
                                "http://localhost:" + port + "/public/forms/" + "-".repeat(36) + "/submissions"))
                        .header("Content-Type", MediaType.APPLICATION_FORM_URLENCODED_VALUE)
                        .header("Origin", SITE)
                        .POST(HttpRequest.BodyPublishers.ofString("email=" + email))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(notAnId.statusCode())
                .as("a path that is no form's id: %s", notAnId.body())
                .isBetween(400, 404);
        assertThat(notAnId.headers().firstValue("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));

        Answer foreign = post(form, visitor(email, oldTicket), "https://evil.example", "203.0.113.20", null);
        assertThat(foreign.status()).isEqualTo(403);
        assertThat(foreign.body().path("type").asString()).endsWith("origin-not-allowed");
        assertThat(foreign.header("Access-Control-Allow-Origin")).isNull();

        Map<String, String> invalid = visitor("not-an-email", oldTicket);
        invalid.remove("newsletter");
        invalid.put("first_name", "x".repeat(101));
        Answer bad = post(form, invalid, SITE, "203.0.113.20", null);
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.header("Content-Type")).startsWith("application/problem+json");
        assertThat(bad.body().path("errors").findValuesAsString("field"))
                .containsExactlyInAnyOrder("email", "first_name", "newsletter");

        Map<String, String> huge = visitor(email, oldTicket);
        huge.put("role", "x".repeat(40_000));
        assertThat(post(form, huge, SITE, "203.0.113.20", null).status()).isEqualTo(413);

        assertThat(ownersOf(email)).as("no contact made").isEmpty();
        assertThat(jdbc.sql("select count(*) from web_form_submission where form_id = :id")
                        .param("id", java.util.UUID.fromString(form))
                        .query(Long.class)
                        .single())
                .isZero();
        assertThat(jdbc.sql("select count(*) from consent_entry where form_id = :id")
                        .param("id", java.util.UUID.fromString(form))
                        .query(Long.class)
                        .single())
                .isZero();
    }

    @Test
    void oneAddressIsLimitedPerMinuteAndCannotUseUpTheFormsBudget() throws Exception {
        // The limits count per minute: the posts below must fall inside one; a run that straddles a minute boundary is
        // repeated with a new form (at most a few times) rather than judged.
        for (int round = 0; ; round++) {
            String form = formWithLimits(2, 3);
            long minute = Instant.now().getEpochSecond() / 60;
            List<Answer> flooder = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                flooder.add(postAs(form, "203.0.113.101"));
            }
            Answer calm = postAs(form, "192.0.2.55");
            Answer overTheForm = postAs(form, "192.0.2.56");
            if (Instant.now().getEpochSecond() / 60 != minute && round < 3) {
                continue;
            }
            assertThat(flooder.stream().map(Answer::status)).containsExactly(201, 201, 429, 429);
            assertThat(flooder.get(2).body().path("type").asString()).endsWith("form-rate-limited");
            assertThat(flooder.get(2).header("Retry-After")).isNotNull();
            assertThat(calm.status())
                    .as("refused posts of one address do not count against the form: %s", calm.body())
                    .isEqualTo(201);
            assertThat(overTheForm.status())
                    .as("the form's own limit of 3 a minute")
                    .isEqualTo(429);
            assertThat(overTheForm.body().path("detail").asString()).contains("This form");
            break;
        }
    }

    private String formWithLimits(int perIp, int perForm) {
        String form = form(3, perIp);
        ApiClient.Response read = apiAs("marketing").get("/api/v1/forms/" + form);
        ApiClient.Response changed = apiAs("marketing")
                .patch("/api/v1/forms/" + form, "{\"perFormPerMinute\": " + perForm + "}", read.etag());
        assertThat(changed.status()).as("%s", changed.body()).isEqualTo(200);
        return form;
    }

    private Answer postAs(String form, String ip) throws Exception {
        return post(
                form,
                visitor(unique("flood.") + "@example.org", ticketIssued(form, 5, ip)),
                SITE,
                ip,
                "application/json");
    }

    @Test
    void formsAreMarketingsAndTheirDefinitionsAreChecked() {
        String body = ApiClient.json(Map.of(
                "name", "Contact us",
                "fields", List.of(Map.of("name", "name", "label", "Name", "mapsTo", "firstName", "required", true)),
                "allowedOrigins", List.of("not an origin")));
        ApiClient.Response invalid = apiAs("marketing").post("/api/v1/forms", body);
        assertThat(invalid.status()).isEqualTo(400);
        assertThat(invalid.errorFields()).contains("emailRequired", "allowedOrigins[0]");
        assertThat(apiAs("sales").get("/api/v1/forms").status()).isEqualTo(403);
        assertThat(apiWithToken(null).get("/api/v1/forms").status()).isEqualTo(401);

        String form = form(3, 5);
        ApiClient.Response read = apiAs("marketing").get("/api/v1/forms/" + form);
        ApiClient.Response changed = apiAs("marketing")
                .patch(
                        "/api/v1/forms/" + form,
                        "{\"consents\": [{\"name\": \"news\", \"channel\": \"email\","
                                + " \"purpose\": \"marketing\", \"wording\": \"New words\", \"required\": false}]}",
                        read.etag());
        assertThat(changed.status()).as("%s", changed.body()).isEqualTo(200);
        assertThat(changed.body().path("version").asLong()).isEqualTo(2);
        assertThat(jdbc.sql("select count(*) from web_form_version where form_id = :id")
                        .param("id", java.util.UUID.fromString(form))
                        .query(Long.class)
                        .single())
                .as("every version kept")
                .isEqualTo(2);
        JsonNode shown = apiWithToken(null).get("/public/forms/" + form).body();
        assertThat(shown.path("consents").get(0).path("wording").asString()).isEqualTo("New words");
        assertThat(shown.has("allowedOrigins"))
                .as("a page is not told the form's settings")
                .isFalse();

        ApiClient.Response deleted = apiAs("marketing").delete("/api/v1/forms/" + form, changed.etag());
        assertThat(deleted.status()).isEqualTo(204);
        assertThat(apiWithToken(null).get("/public/forms/" + form).status()).isEqualTo(404);
    }

    @Test
    void aConsentWrittenThroughTheContactApiIsInTheLedgerAndErasureTakesTheLot() throws Exception {
        String form = form(3, 5);
        String email = unique("hedy.") + "@example.org";
        String role = unique("Inventor ");
        Map<String, String> fields = visitor(email, ticketIssued(form, 5, "203.0.113.30"));
        fields.put("role", role);
        assertThat(post(form, fields, SITE, "203.0.113.30", "application/json").status())
                .isEqualTo(201);
        JsonNode contact = contactByEmail(email);
        String id = contact.path("id").asString();
        ApiClient.Response current = api.get("/api/v1/contacts/" + id);
        ApiClient.Response withdrawn = api.patch(
                "/api/v1/contacts/" + id,
                "{\"consent\": {\"status\": \"withdrawn\", \"source\": \"phone call\"}}",
                current.etag());
        assertThat(withdrawn.status()).as("%s", withdrawn.body()).isEqualTo(200);

        JsonNode history =
                api.get("/api/v1/contacts/" + id + "/consents").body().path("entries");
        assertThat(history.findValuesAsString("status")).containsExactly("withdrawn", "granted");
        assertThat(history.get(0).path("source").asString()).isEqualTo("phone call");
        assertThat(history.get(0).path("recordedBy").asString()).isEqualTo("user-admin");

        ApiClient.Response erased =
                api.exchange(HttpMethod.POST, "/api/v1/contacts/" + id + "/erase", null, null, h -> {});
        assertThat(erased.status()).as("%s", erased.body()).isIn(200, 204);
        var scan = PersonalDataScan.of(jdbc);
        assertThat(scan.find(List.of(email, role)))
                .as("nothing of the person left in any table")
                .isEmpty();
        assertThat(jdbc.sql("select count(*) from consent_entry where contact_id = :id")
                        .param("id", java.util.UUID.fromString(id))
                        .query(Long.class)
                        .single())
                .isZero();
    }

    @Test
    void aMergeKeepsOnePersonsWholeConsentHistory() throws Exception {
        String form = form(3, 5);
        String email = unique("lise.") + "@example.org";
        assertThat(post(
                                form,
                                visitor(email, ticketIssued(form, 5, "203.0.113.40")),
                                SITE,
                                "203.0.113.40",
                                "application/json")
                        .status())
                .isEqualTo(201);
        JsonNode duplicateContact = contactByEmail(email);
        String duplicate = duplicateContact.path("id").asString();
        ApiClient.Response survivor = api.post(
                "/api/v1/contacts?allowDuplicate=true",
                ApiClient.json(Map.of("firstName", "Lise", "lastName", unique("Meitner"))));
        assertThat(survivor.status()).isEqualTo(201);

        ApiClient.Response merged = api.exchange(
                HttpMethod.POST,
                "/api/v1/contacts/" + survivor.id() + "/merge",
                ApiClient.json(Map.of(
                        "duplicateId", duplicate,
                        "duplicateVersion", duplicateContact.path("version").asLong(),
                        "keep", Map.of("consent", "duplicate"))),
                MediaType.APPLICATION_JSON,
                h -> h.setIfMatch(survivor.etag()));

        assertThat(merged.status()).as("%s", merged.body()).isEqualTo(200);
        assertThat(merged.body().path("consent").path("status").asString()).isEqualTo("granted");
        JsonNode history = api.get("/api/v1/contacts/" + survivor.id() + "/consents")
                .body()
                .path("entries");
        List<String> sources = history.findValuesAsString("source");
        assertThat(sources)
                .as("the merge's change of the summary, then the form's entry that came along")
                .hasSize(2);
        assertThat(sources.get(0)).startsWith("web-form: Newsletter ");
        assertThat(sources.get(1)).isEqualTo("web-form");
        assertThat(history.findValuesAsString("wording")).contains(WORDING);
    }
}
