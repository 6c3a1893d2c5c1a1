package io.atrium.reporting;

import static org.assertj.core.api.Assertions.assertThat;

import io.atrium.platform.events.CloudEvent;
import io.atrium.platform.test.KafkaEvents;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.kafka.core.KafkaTemplate;

/**
 * Reporting applies a poll's records in one transaction (one commit per event kept it far behind an import): a record
 * it cannot read in the middle of a batch goes to the dead-letter topic alone, and the records around it are applied
 * by the read models and the audit log alike.
 */
class BatchConsumptionIntegrationTests extends IntegrationTest {

    @Autowired
    KafkaTemplate<Object, Object> kafkaTemplate;

    @Test
    void aPoisonRecordInABatchIsDeadLetteredAloneAndTheOthersAreApplied() {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        UUID before = UUID.randomUUID();
        UUID after = UUID.randomUUID();
        UUID poison = UUID.randomUUID();
        CloudEvent first =
                EventScript.contact("crm.contact.created.v1", before, 1, now, "Before", "lead", "batch", "owner-batch");
        CloudEvent last =
                EventScript.contact("crm.contact.created.v1", after, 1, now, "After", "lead", "batch", "owner-batch");

        // One partition (one key) so that the three are one poll's batch, in this order.
        String key = "batch-" + poison;
        kafkaTemplate.send("crm.contact", key, io.atrium.platform.events.EventJson.write(first));
        kafkaTemplate.send("crm.contact", key, "{not a cloud event".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        kafkaTemplate
                .send("crm.contact", key, io.atrium.platform.events.EventJson.write(last))
                .join();

        awaitApplied(first, last);
        KafkaEvents deadLetters = KafkaEvents.topic("crm.contact.dlt");
        org.awaitility.Awaitility.await()
                .atMost(java.time.Duration.ofSeconds(60))
                .until(() -> deadLetters.keyed(key).isPresent());
        assertThat(jdbc.sql("select count(*) from atrium_inbox where consumer = 'reporting.audit' and event_id in"
                                + " (:first, :last)")
                        .param("first", first.id())
                        .param("last", last.id())
                        .query(Long.class)
                        .single())
                .isEqualTo(2);
    }
}
