package io.atrium.platform.references;

import static org.assertj.core.api.Assertions.assertThat;

import io.atrium.deals.IntegrationTest;
import io.atrium.platform.events.CloudEvent;
import io.atrium.platform.test.OwnerEvents;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.node.ObjectNode;

/**
 * The replica stores a poll's events set-based ({@link ReplicaListener#applyAll}: each record's newest state of a run,
 * deletions, erasures and merges one at a time between runs) with the rows one at a time leaves: the same history over
 * two sets of fresh ids, one applied event by event and the other in polls, then the replicas and their handles
 * compared record by record, and what the runs published.
 */
// The service's own configuration, found from its package (this test sits in the replica's package to call it); the
// same as every other test's, so the context is shared.
@org.springframework.boot.test.context.SpringBootTest(
        classes = io.atrium.deals.DealServiceApplication.class,
        webEnvironment = org.springframework.boot.test.context.SpringBootTest.WebEnvironment.RANDOM_PORT)
@org.springframework.test.context.event.RecordApplicationEvents
class ReplicaRunsIntegrationTests extends IntegrationTest {

    @Autowired
    ReplicaListener listener;

    @Autowired
    TransactionTemplate transactions;

    @Autowired
    org.springframework.test.context.event.ApplicationEvents published;

    @Test
    void aPollStoredTogetherLeavesTheRowsOfOneAtATime() {
        History oneByOne = new History();
        transactions.executeWithoutResult(s -> oneByOne.events().forEach(listener::apply));

        for (int size : new int[] {3, 5, 100}) {
            History batched = new History();
            List<CloudEvent> events = batched.events();
            published.clear();
            for (int from = 0; from < events.size(); from += size) {
                List<CloudEvent> poll = events.subList(from, Math.min(events.size(), from + size));
                transactions.executeWithoutResult(s -> listener.applyAll(poll));
            }
            for (String name : History.NAMES) {
                assertThat(rows(batched.id(name)))
                        .as("%s, polls of %d", name, size)
                        .isEqualTo(rows(oneByOne.id(name))
                                .replace(
                                        oneByOne.id(name).toString(),
                                        batched.id(name).toString()));
            }
            // A run publishes each record it changed once, with the newest state it stored.
            List<List<ReferenceChanged>> changes = published.stream(ReferencesChanged.class)
                    .map(ReferencesChanged::changes)
                    .toList();
            assertThat(changes).isNotEmpty();
            changes.forEach(change -> assertThat(
                            change.stream().map(ReferenceChanged::id).toList())
                    .doesNotHaveDuplicates());
            assertThat(changes.getLast().stream()
                            .filter(c -> c.id().equals(batched.id("ada")))
                            .map(c -> c.entity().path("version").asLong()))
                    .containsExactly(replicaVersion(batched.id("ada")));
        }
        // What the one-by-one application must show, so that the comparison compares something.
        assertThat(rows(oneByOne.id("ada"))).contains("\"status\": \"live\"").contains("ada.newest@");
        assertThat(rows(oneByOne.id("bob"))).contains("\"status\": \"deleted\"");
        assertThat(rows(oneByOne.id("cyd"))).contains("\"status\": \"erased\"");
        assertThat(rows(oneByOne.id("dup"))).contains("\"status\": \"deleted\"");
    }

    /**
     * A removal applied between runs of a set-based poll runs in its event's span: the deal its listeners scrub is
     * published in the erasure's trace.
     */
    @Test
    void whatAnErasureInAPollMakesTheServicePublishContinuesTheErasuresTrace() {
        History history = new History();
        transactions.executeWithoutResult(
                s -> listener.applyAll(List.of(history.contact("crm.contact.created.v1", "ada", 1, "traced@"))));
        io.atrium.platform.test.ApiClient.Response pipeline = pipeline(unique("Traced "), "Qualified:20");
        io.atrium.platform.test.ApiClient.Response deal = sales.post(
                "/api/v1/deals",
                "{\"pipelineId\":\"%s\",\"title\":\"Traced ovens\",\"contactIds\":[\"%s\"]}"
                        .formatted(pipeline.id(), history.id("ada")),
                h -> h.set("Idempotency-Key", unique("traced-")));
        assertThat(deal.status()).as("%s", deal.body()).isEqualTo(201);
        String traceId = "4bf92f3577b34da6a3ce929d0e0e4736";
        CloudEvent erased = history.fact(
                        "crm.contact.erased.v1",
                        "ada",
                        2,
                        d -> d.put("contactId", history.id("ada").toString()))
                .withTraceparent("00-" + traceId + "-00f067aa0ba902b7-01");
        CloudEvent other = history.contact("crm.contact.created.v1", "bob", 1, "untraced@");

        listener.on(List.of(
                new org.apache.kafka.clients.consumer.ConsumerRecord<>(
                        "crm.contact", 0, 0, other.subject(), io.atrium.platform.events.EventJson.write(other)),
                new org.apache.kafka.clients.consumer.ConsumerRecord<>(
                        "crm.contact", 0, 1, erased.subject(), io.atrium.platform.events.EventJson.write(erased))));

        byte[] scrubbed =
                jdbc.sql("""
                        select payload from atrium_outbox
                        where message_key = :id and event_type = 'crm.deal.updated.v1'
                        order by position desc limit 1
                        """).param("id", deal.id()).query(byte[].class).single();
        assertThat(io.atrium.platform.events.EventJson.read(scrubbed).traceparent())
                .contains(traceId);
    }

    /** The replica row and its handles as JSON. */
    private String rows(UUID id) {
        return jdbc.sql("""
                        select jsonb_build_array(
                            (select to_jsonb(r) from atrium_reference r where r.id = :id),
                            (select coalesce(jsonb_agg(to_jsonb(h) order by h.handle, h.value), '[]')
                                from atrium_reference_handle h where h.id = :id))::text
                        """).param("id", id).query(String.class).single();
    }

    private long replicaVersion(UUID id) {
        return jdbc.sql("select version from atrium_reference where id = :id")
                .param("id", id)
                .query(Long.class)
                .single();
    }

    /**
     * Contacts created and updated several times in one run, an older version after a newer one, a deletion and a
     * newer state after it, an erasure, a merge into a survivor updated after it.
     */
    private static final class History {

        static final List<String> NAMES = List.of("ada", "bob", "cyd", "dup");

        private final Map<String, UUID> ids = Map.of(
                "ada", UUID.randomUUID(), "bob", UUID.randomUUID(), "cyd", UUID.randomUUID(), "dup", UUID.randomUUID());

        UUID id(String name) {
            return ids.get(name);
        }

        List<CloudEvent> events() {
            List<CloudEvent> events = new ArrayList<>();
            events.add(contact("crm.contact.created.v1", "ada", 1, "ada.first@"));
            events.add(contact("crm.contact.created.v1", "bob", 1, "bob@"));
            events.add(contact("crm.contact.updated.v1", "ada", 2, "ada.second@"));
            events.add(contact("crm.contact.created.v1", "cyd", 1, "cyd@"));
            events.add(contact("crm.contact.created.v1", "dup", 1, "dup@"));
            events.add(contact("crm.contact.updated.v1", "ada", 4, "ada.fourth@"));
            events.add(contact("crm.contact.updated.v1", "ada", 3, "ada.stale@"));
            events.add(fact("crm.contact.deleted.v1", "bob", 2, d -> d));
            events.add(contact("crm.contact.updated.v1", "cyd", 2, "cyd.second@"));
            events.add(fact(
                    "crm.contact.erased.v1",
                    "cyd",
                    3,
                    d -> d.put("contactId", id("cyd").toString())));
            events.add(contact("crm.contact.updated.v1", "cyd", 2, "cyd.late@"));
            events.add(fact("crm.contact.merged.v1", "dup", 2, d -> d.put(
                            "contactId", id("dup").toString())
                    .put("survivorId", id("ada").toString())));
            events.add(contact("crm.contact.updated.v1", "ada", 5, "ada.newest@"));
            events.add(contact("crm.contact.updated.v1", "bob", 1, "bob.older@"));
            return events;
        }

        private CloudEvent contact(String type, String name, long version, String emailPrefix) {
            ObjectNode data = OwnerEvents.exampleData(type);
            ObjectNode contact = (ObjectNode) data.get("contact");
            contact.put("id", id(name).toString()).put("version", version).put("firstName", name);
            contact.putArray("emails")
                    .addObject()
                    .put("address", emailPrefix + id(name) + ".example")
                    .put("primary", true);
            return event(type, name, version, data);
        }

        private CloudEvent fact(String type, String name, long version, Function<ObjectNode, ObjectNode> shape) {
            return event(type, name, version, shape.apply(OwnerEvents.exampleData(type)));
        }

        private CloudEvent event(String type, String name, long version, ObjectNode data) {
            return new CloudEvent(
                    CloudEvent.SPEC_VERSION,
                    UUID.randomUUID(),
                    "/contact-service",
                    type,
                    id(name).toString(),
                    Instant.now(),
                    "application/json",
                    URI.create("https://atrium.example/schemas/" + type),
                    version,
                    null,
                    null,
                    null,
                    null,
                    data);
        }
    }
}
