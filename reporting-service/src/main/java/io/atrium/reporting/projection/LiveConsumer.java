package io.atrium.reporting.projection;

import io.atrium.platform.events.EventInbox;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * The live path: every event of every topic, applied once to each active generation (the live one and, during a
 * rebuild, the one being built) through the inbox, in that generation's own transaction.
 */
@Component
class LiveConsumer {

    private final EventInbox inbox;
    private final Generations generations;
    private final Projector projector;

    LiveConsumer(EventInbox inbox, Generations generations, Projector projector) {
        this.inbox = inbox;
        this.generations = generations;
        this.projector = projector;
    }

    @KafkaListener(
            topics = {"crm.contact", "crm.company", "crm.deal", "crm.pipeline", "crm.activity", "crm.task", "crm.ticket"
            },
            containerFactory = "atriumBatchListenerFactory")
    void on(java.util.List<ConsumerRecord<String, byte[]>> records) {
        // A poll's records in one transaction per generation: one commit per event kept the read models at ~85
        // events/s behind an import of 100,000 contacts (docs/performance.md, "Imports"); and set-based, as a rebuild
        // applies them (a few statements per poll instead of ~5 per event, Projector.applyAll).
        // Each generation gets every record before the first one any generation failed on; that one (and what follows)
        // comes again, and a generation that had applied some of them already sees duplicates its inbox passes by.
        int failedAt = records.size();
        org.springframework.kafka.listener.BatchListenerFailedException failure = null;
        for (Generation generation : generations.active()) {
            try {
                inbox.processBatchSetBased(
                        generation.consumer(),
                        records.subList(0, failedAt),
                        events -> projector.applyAll(generation.schema(), events));
            } catch (org.springframework.kafka.listener.BatchListenerFailedException e) {
                failedAt = e.getIndex();
                failure = e;
            }
        }
        if (failure != null) {
            throw new org.springframework.kafka.listener.BatchListenerFailedException(
                    failure.getMessage(), failure.getCause(), failedAt);
        }
    }
}
