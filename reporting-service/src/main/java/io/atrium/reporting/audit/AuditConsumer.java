package io.atrium.reporting.audit;

import io.atrium.platform.events.EventInbox;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * The audit log's own consumer of every topic reporting reads (its own consumer group and inbox consumer, so it
 * neither depends on nor takes part in the read-model generations and their rebuilds): each event is recorded once,
 * however often it is delivered.
 */
@Component
class AuditConsumer {

    /** The inbox consumer name: a rebuild forgets only the generations' ({@code reporting.rm_N}). */
    static final String CONSUMER = "reporting.audit";

    private final EventInbox inbox;
    private final AuditLog log;

    AuditConsumer(EventInbox inbox, AuditLog log) {
        this.inbox = inbox;
        this.log = log;
    }

    @KafkaListener(
            id = "reporting-audit",
            groupId = "reporting-audit",
            topics = {"crm.contact", "crm.company", "crm.deal", "crm.pipeline", "crm.activity", "crm.task", "crm.ticket"
            },
            containerFactory = "atriumBatchListenerFactory")
    void on(java.util.List<ConsumerRecord<String, byte[]>> records) {
        // A poll's records in one transaction: one commit per event kept the audit log at ~85 events/s behind an
        // import of 100,000 contacts (docs/performance.md, "Imports"); and set-based (AuditLog.recordAll).
        inbox.processBatchSetBased(CONSUMER, records, log::recordAll);
    }
}
