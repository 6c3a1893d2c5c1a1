package io.atrium.contacts;

import static org.assertj.core.api.Assertions.assertThat;

import io.atrium.platform.local.LocalKafka;
import io.atrium.platform.test.ApiClient;
import io.atrium.platform.test.KafkaEvents;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * No accepted write is lost while Kafka is down: the service keeps accepting writes, their events wait in the outbox,
 * and they are published, in order, when the broker is back. Runs against a broker of its own that it stops and
 * starts again on the same port.
 */
@DirtiesContext
class KafkaOutageIntegrationTests extends IntegrationTest {

    private static final LocalKafka kafka = startKafka();

    private static LocalKafka startKafka() {
        try {
            return new LocalKafka(0, Files.createTempDirectory("atrium-outage-kafka")).start();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @DynamicPropertySource
    static void kafka(DynamicPropertyRegistry registry) {
        registry.add("spring.kafka.bootstrap-servers", kafka::bootstrapServers);
    }

    @AfterAll
    static void stopKafka() {
        kafka.stop();
    }

    @Test
    void writesWhileKafkaIsDownArePublishedWhenItIsBack() {
        KafkaEvents events = KafkaEvents.topic(kafka.bootstrapServers(), "crm.contact");
        String before = create("Before");
        events.awaitType(before, "crm.contact.created.v1");

        kafka.stop();
        String during = create("During");
        ApiClient.Response patched = api.patch("/api/v1/contacts/" + during, "{\"jobTitle\":\"Waiting\"}", "\"1\"");
        assertThat(patched.status()).isEqualTo(200);
        Awaitility.await()
                .during(Duration.ofSeconds(2))
                .atMost(Duration.ofSeconds(5))
                .until(() -> unpublished(during) == 2);

        kafka.start();

        List<KafkaEvents.Received> received = events.await(during, 2);
        assertThat(received)
                .extracting(KafkaEvents.Received::type)
                .containsExactly("crm.contact.created.v1", "crm.contact.updated.v1");
        received.forEach(IntegrationTest::assertValidEvent);
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> unpublished(during) == 0);
    }

    private String create(String name) {
        ApiClient.Response created = api.post("/api/v1/contacts", "{\"firstName\":\"" + name + "\"}");
        assertThat(created.status()).isEqualTo(201);
        return created.id();
    }

    private long unpublished(String contactId) {
        return jdbc.sql("select count(*) from atrium_outbox where message_key = :id and published_at is null")
                .param("id", contactId)
                .query(Long.class)
                .single();
    }
}
