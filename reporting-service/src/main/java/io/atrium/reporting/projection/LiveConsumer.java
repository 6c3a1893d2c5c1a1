package io.atrium.reporting.projection;

import io.atrium.platform.events.CloudEvent;
import io.atrium.platform.events.EventInbox;
import io.atrium.platform.events.EventJson;
import io.atrium.platform.events.MalformedEventException;
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
            })
    void on(ConsumerRecord<String, byte[]> record) {
        if (record.value() == null) {
            throw new MalformedEventException(
                    "Empty record at " + record.topic() + "-" + record.partition() + "@" + record.offset());
        }
        CloudEvent event = EventJson.read(record.value());
        for (Generation generation : generations.active()) {
            inbox.process(generation.consumer(), event, e -> projector.apply(generation.schema(), e));
        }
    }
}
