package io.atrium.deals.party;

import io.atrium.platform.events.CloudEvent;
import io.atrium.platform.events.EventInbox;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

/**
 * Keeps the replica of contacts and companies from contact-service's events, each applied once (the inbox) and never
 * over a newer version. A deleted or erased party loses its name here and is detached from every deal, in the same
 * transaction as the inbox record.
 */
@Component
class PartyEventsListener {

    static final String CONSUMER = "deal-service.parties";

    private final EventInbox inbox;
    private final PartyRepository parties;
    private final ApplicationEventPublisher publisher;

    PartyEventsListener(EventInbox inbox, PartyRepository parties, ApplicationEventPublisher publisher) {
        this.inbox = inbox;
        this.parties = parties;
        this.publisher = publisher;
    }

    @KafkaListener(topics = {"crm.contact", "crm.company"})
    void on(ConsumerRecord<String, byte[]> record) {
        inbox.process(CONSUMER, record, this::apply);
    }

    void apply(CloudEvent event) {
        UUID id = UUID.fromString(event.subject());
        long version = event.aggregateversion();
        JsonNode data = event.data();
        switch (event.type()) {
            case "crm.contact.created.v1", "crm.contact.updated.v1" ->
                parties.save(new Party(
                        id, Party.Kind.CONTACT, PartyNames.contact(data.path("contact")), Party.Status.LIVE, version));
            case "crm.company.created.v1", "crm.company.updated.v1" ->
                parties.save(new Party(
                        id, Party.Kind.COMPANY, PartyNames.company(data.path("company")), Party.Status.LIVE, version));
            case "crm.contact.deleted.v1" -> remove(id, Party.Kind.CONTACT, Party.Status.DELETED, version);
            case "crm.contact.erased.v1" -> remove(id, Party.Kind.CONTACT, Party.Status.ERASED, version);
            case "crm.company.deleted.v1" -> remove(id, Party.Kind.COMPANY, Party.Status.DELETED, version);
            default -> {
                // A type this version does not know (a newer fact): recorded by the inbox, nothing to do.
            }
        }
    }

    private void remove(UUID id, Party.Kind kind, Party.Status status, long version) {
        parties.save(new Party(id, kind, null, status, version));
        publisher.publishEvent(new PartyRemoved(id));
    }
}
