package io.atrium.contacts;

import static org.assertj.core.api.Assertions.assertThat;

import io.atrium.platform.test.ApiClient;
import io.atrium.platform.test.KafkaEvents;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;

class ContactApiIntegrationTests extends IntegrationTest {

    private static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";
    private static final String UPDATE_TRACE_ID = "5bf92f3577b34da6a3ce929d0e0e4737";
    private static final String DELETE_TRACE_ID = "6bf92f3577b34da6a3ce929d0e0e4738";

    @Test
    void createReadUpdateDeleteAndTheirEvents() {
        String email = unique("ada") + "@example.com";
        ApiClient.Response created = api.post(
                "/api/v1/contacts",
                ApiClient.json(Map.of(
                        "firstName", "Ada",
                        "lastName", "Lovelace",
                        "emails", List.of(Map.of("address", email)),
                        "phones", List.of(Map.of("number", "+44 20 7946 0958", "type", "work")),
                        "lifecycleStage", "lead",
                        "tags", List.of("vip"),
                        "customFields", Map.of("shoeSize", 38),
                        "consent", Map.of("status", "granted", "source", "web form"))),
                h -> h.set("traceparent", "00-" + TRACE_ID + "-00f067aa0ba902b7-01"));

        assertThat(created.status()).isEqualTo(201);
        String id = created.id();
        assertThat(created.headers().getLocation()).hasToString("/api/v1/contacts/" + id);
        assertThat(created.etag()).isEqualTo("\"1\"");
        assertThat(created.body().path("emails").get(0).path("primary").asBoolean())
                .isTrue();
        assertThat(created.body().path("consent").path("changedAt").isString()).isTrue();
        assertThat(created.body().path("createdAt").asString()).isNotBlank();

        ApiClient.Response read = api.get("/api/v1/contacts/" + id);
        assertThat(read.status()).isEqualTo(200);
        assertThat(read.etag()).isEqualTo("\"1\"");
        assertThat(read.body()).isEqualTo(created.body());

        KafkaEvents.Received createdEvent = contactEvents().awaitType(id, "crm.contact.created.v1");
        assertValidEvent(createdEvent);
        assertThat(createdEvent.event().path("traceparent").asString()).contains(TRACE_ID);
        assertThat(createdEvent.event().path("aggregateversion").asLong()).isEqualTo(1);
        assertThat(createdEvent.event().path("source").asString()).isEqualTo("/contact-service");
        assertThat(createdEvent.event().path("data").path("contact")).isEqualTo(created.body());

        ApiClient.Response updated = api.exchange(
                HttpMethod.PATCH,
                "/api/v1/contacts/" + id,
                "{\"jobTitle\":\"Analyst\",\"tags\":null}",
                MediaType.valueOf("application/merge-patch+json"),
                h -> {
                    h.setIfMatch(read.etag());
                    h.set("traceparent", "00-" + UPDATE_TRACE_ID + "-00f067aa0ba902b7-01");
                });
        assertThat(updated.status()).isEqualTo(200);
        assertThat(updated.etag()).isEqualTo("\"2\"");
        assertThat(updated.body().path("jobTitle").asString()).isEqualTo("Analyst");
        assertThat(updated.body().path("tags").size()).isZero();
        assertThat(updated.body().path("firstName").asString()).isEqualTo("Ada");

        KafkaEvents.Received updatedEvent = contactEvents().awaitType(id, "crm.contact.updated.v1");
        assertValidEvent(updatedEvent);
        assertThat(updatedEvent
                        .event()
                        .path("data")
                        .path("changedFields")
                        .valueStream()
                        .map(n -> n.asString()))
                .containsExactly("jobTitle", "tags");
        assertThat(updatedEvent.event().path("aggregateversion").asLong()).isEqualTo(2);
        assertThat(updatedEvent.event().path("traceparent").asString()).contains(UPDATE_TRACE_ID);

        ApiClient.Response unchanged = api.patch("/api/v1/contacts/" + id, "{\"jobTitle\":\"Analyst\"}", "\"2\"");
        assertThat(unchanged.status()).isEqualTo(200);
        assertThat(unchanged.etag()).isEqualTo("\"2\"");

        ApiClient.Response deleted = api.exchange(HttpMethod.DELETE, "/api/v1/contacts/" + id, null, null, h -> {
            h.setIfMatch("\"2\"");
            h.set("traceparent", "00-" + DELETE_TRACE_ID + "-00f067aa0ba902b7-01");
        });
        assertThat(deleted.status()).isEqualTo(204);
        assertThat(api.get("/api/v1/contacts/" + id).status()).isEqualTo(404);
        KafkaEvents.Received deletedEvent = contactEvents().awaitType(id, "crm.contact.deleted.v1");
        assertValidEvent(deletedEvent);
        assertThat(deletedEvent.event().path("traceparent").asString()).contains(DELETE_TRACE_ID);

        List<KafkaEvents.Received> all = contactEvents().await(id, 3);
        assertThat(all)
                .extracting(KafkaEvents.Received::type)
                .containsExactly("crm.contact.created.v1", "crm.contact.updated.v1", "crm.contact.deleted.v1");
        // The unchanged patch caused no event: the email is free again after the delete.
        assertThat(api.post("/api/v1/contacts", ApiClient.json(Map.of("emails", List.of(Map.of("address", email)))))
                        .status())
                .isEqualTo(201);
    }

    @Test
    void staleOrMissingIfMatchIsRefusedAndWritesNothing() {
        String id = api.post("/api/v1/contacts", "{\"firstName\":\"Grace\",\"lastName\":\"Hopper\"}")
                .id();
        assertThat(api.patch("/api/v1/contacts/" + id, "{\"jobTitle\":\"Admiral\"}", "\"1\"")
                        .status())
                .isEqualTo(200);

        ApiClient.Response stale = api.patch("/api/v1/contacts/" + id, "{\"jobTitle\":\"Captain\"}", "\"1\"");
        assertThat(stale.status()).isEqualTo(412);
        assertThat(stale.contentType()).startsWith("application/problem+json");
        assertThat(stale.body().path("currentEtag").asString()).isEqualTo("\"2\"");

        ApiClient.Response missing = api.patch("/api/v1/contacts/" + id, "{\"jobTitle\":\"Captain\"}", null);
        assertThat(missing.status()).isEqualTo(428);
        assertThat(api.delete("/api/v1/contacts/" + id, null).status()).isEqualTo(428);
        assertThat(api.delete("/api/v1/contacts/" + id, "\"1\"").status()).isEqualTo(412);

        ApiClient.Response current = api.get("/api/v1/contacts/" + id);
        assertThat(current.body().path("jobTitle").asString()).isEqualTo("Admiral");
        assertThat(current.etag()).isEqualTo("\"2\"");
        contactEvents().await(id, 2);
        Awaitility.await()
                .during(java.time.Duration.ofMillis(300))
                .until(() -> contactEvents().forSubject(id).size() == 2);
    }

    @Test
    void duplicateEmailIsAConflictNamingTheExistingContact() {
        String email = unique("Linus") + "@Example.org";
        String first = api.post(
                        "/api/v1/contacts",
                        ApiClient.json(Map.of("firstName", "Linus", "emails", List.of(Map.of("address", email)))))
                .id();
        long contacts = rows("contact");

        ApiClient.Response duplicate = api.post(
                "/api/v1/contacts",
                ApiClient.json(
                        Map.of("firstName", "Other", "emails", List.of(Map.of("address", email.toUpperCase())))));

        assertThat(duplicate.status()).isEqualTo(409);
        assertThat(duplicate.contentType()).startsWith("application/problem+json");
        assertThat(duplicate.body().path("existingId").asString()).isEqualTo(first);
        assertThat(duplicate.body().path("field").asString()).isEqualTo("emails");
        assertThat(rows("contact")).isEqualTo(contacts);

        String second =
                api.post("/api/v1/contacts", "{\"firstName\":\"Second\"}").id();
        ApiClient.Response patched = api.patch(
                "/api/v1/contacts/" + second,
                ApiClient.json(Map.of("emails", List.of(Map.of("address", email.toLowerCase())))),
                "\"1\"");
        assertThat(patched.status()).isEqualTo(409);
        assertThat(api.get("/api/v1/contacts/" + second).body().path("emails").size())
                .isZero();
    }

    @Test
    void createClaimingSeveralEmailsOneOfThemTakenCommitsNothing() {
        String taken = unique("taken") + "@example.org";
        String owner = api.post(
                        "/api/v1/contacts",
                        ApiClient.json(Map.of("firstName", "Owner", "emails", List.of(Map.of("address", taken)))))
                .id();
        long contacts = rows("contact");
        long claims = rows("contact_email");
        long events = rows("atrium_outbox");
        // The taken address sorts between the two free ones, so one claim succeeds before it within the statement.
        String before = "a-" + taken;
        String after = "z-" + taken;

        ApiClient.Response duplicate = api.post(
                "/api/v1/contacts",
                ApiClient.json(Map.of(
                        "firstName",
                        "Several",
                        "emails",
                        List.of(
                                Map.of("address", after),
                                Map.of("address", taken.toUpperCase()),
                                Map.of("address", before)))));

        assertThat(duplicate.status()).isEqualTo(409);
        assertThat(duplicate.body().path("existingId").asString()).isEqualTo(owner);
        assertThat(rows("contact")).isEqualTo(contacts);
        assertThat(rows("contact_email")).isEqualTo(claims);
        assertThat(rows("atrium_outbox")).isEqualTo(events);

        ApiClient.Response free = api.post(
                "/api/v1/contacts",
                ApiClient.json(Map.of(
                        "firstName",
                        "Several",
                        "emails",
                        List.of(Map.of("address", after), Map.of("address", before)))));
        assertThat(free.status()).isEqualTo(201);
        assertThat(jdbc.sql("select count(*) from contact_email where contact_id = cast(:id as uuid)")
                        .param("id", free.id())
                        .query(Long.class)
                        .single())
                .isEqualTo(2);
    }

    @Test
    void retriedCreateWithTheSameIdempotencyKeyCreatesOneContact() {
        String key = unique("key-");
        String email = unique("retry") + "@example.com";
        String body = ApiClient.json(Map.of("firstName", "Retry", "emails", List.of(Map.of("address", email))));

        ApiClient.Response first = api.post("/api/v1/contacts", body, h -> h.set("Idempotency-Key", key));
        ApiClient.Response retry = api.post("/api/v1/contacts", body, h -> h.set("Idempotency-Key", key));

        assertThat(first.status()).isEqualTo(201);
        assertThat(retry.status()).isEqualTo(201);
        assertThat(retry.id()).isEqualTo(first.id());
        assertThat(retry.body()).isEqualTo(first.body());
        assertThat(retry.headers().getFirst("Idempotent-Replayed")).isEqualTo("true");
        assertThat(retry.headers().getLocation()).isEqualTo(first.headers().getLocation());
        assertThat(jdbc.sql("select count(*) from contact_email where email = :e")
                        .param("e", email)
                        .query(Long.class)
                        .single())
                .isEqualTo(1);

        ApiClient.Response reused =
                api.post("/api/v1/contacts", "{\"firstName\":\"Different\"}", h -> h.set("Idempotency-Key", key));
        assertThat(reused.status()).isEqualTo(422);
        assertThat(reused.body().path("type").asString()).isEqualTo("urn:atrium:problem:idempotency-key-reused");

        contactEvents().await(first.id(), 1);
        Awaitility.await()
                .during(java.time.Duration.ofMillis(300))
                .until(() -> contactEvents().forSubject(first.id()).size() == 1);
    }

    @Test
    void eraseRemovesPersonalDataAndKeepsATombstone() {
        String email = unique("erase") + "@example.com";
        ApiClient.Response created = api.post(
                "/api/v1/contacts",
                ApiClient.json(Map.of(
                        "firstName", "Erin",
                        "lastName", "Erasable",
                        "emails", List.of(Map.of("address", email)),
                        "phones", List.of(Map.of("number", "+1 555 0142")),
                        "address", Map.of("city", "Springfield", "country", "US"))),
                h -> h.set("Idempotency-Key", unique("erase-key-")));
        String id = created.id();
        contactEvents().awaitType(id, "crm.contact.created.v1");

        assertThat(api.post("/api/v1/contacts/" + id + "/erase", null).status()).isEqualTo(204);

        ApiClient.Response gone = api.get("/api/v1/contacts/" + id);
        assertThat(gone.status()).isEqualTo(410);
        assertThat(gone.contentType()).startsWith("application/problem+json");
        Map<String, Object> row = jdbc.sql("select * from contact where id = cast(:id as uuid)")
                .param("id", id)
                .query()
                .singleRow();
        assertThat(row.get("first_name")).isNull();
        assertThat(row.get("last_name")).isNull();
        assertThat(row.get("address")).isNull();
        assertThat(row.get("search_text")).isEqualTo("");
        assertThat(row.get("erased_at")).isNotNull();
        assertThat(row.get("emails").toString()).isEqualTo("[]");
        assertThat(row.get("phones").toString()).isEqualTo("[]");
        assertThat(jdbc.sql("select count(*) from contact_email where contact_id = cast(:id as uuid)")
                        .param("id", id)
                        .query(Long.class)
                        .single())
                .isZero();
        assertThat(jdbc.sql("select count(*) from atrium_idempotency_key where body like :email")
                        .param("email", "%" + email + "%")
                        .query(Long.class)
                        .single())
                .isZero();

        KafkaEvents.Received erased = contactEvents().awaitType(id, "crm.contact.erased.v1");
        assertValidEvent(erased);
        assertThat(erased.event().toString()).doesNotContain(email).doesNotContain("Erasable");

        assertThat(api.post("/api/v1/contacts/" + id + "/erase", null).status()).isEqualTo(204);
        assertThat(api.post("/api/v1/contacts", ApiClient.json(Map.of("emails", List.of(Map.of("address", email)))))
                        .status())
                .isEqualTo(201);
    }
}
