package io.atrium.notifications.rules;

import io.atrium.notifications.erasure.Erasure;
import io.atrium.notifications.erasure.PersonalData;
import io.atrium.notifications.inbox.Inbox;
import io.atrium.notifications.inbox.Recipients;
import io.atrium.notifications.watch.Watches;
import io.atrium.notifications.webhook.Deliveries;
import io.atrium.platform.events.CloudEvent;
import io.atrium.platform.events.EventInbox;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * Every domain event, applied once (the inbox records its id in the same transaction): the scheduled checks' watches
 * are updated, the rules' notifications delivered (their emails queued), and the event queued for every webhook
 * subscription that selects it. Nothing leaves the service before that transaction commits. Erasures are applied in
 * the same transaction: a contact's erasure, or an owner's scrubbed record, erases the stored copies
 * ({@link Erasure}).
 */
@Component
class EventListener {

    static final String CONSUMER = "notification-service";

    private final EventInbox events;
    private final Watches watches;
    private final Inbox inbox;
    private final Deliveries webhooks;
    private final EventRules rules;
    private final Erasure erasure;

    EventListener(
            EventInbox events,
            Watches watches,
            Inbox inbox,
            Deliveries webhooks,
            Recipients recipients,
            Erasure erasure) {
        this.events = events;
        this.watches = watches;
        this.inbox = inbox;
        this.webhooks = webhooks;
        this.erasure = erasure;
        this.rules = new EventRules(watches::stageName, recipients::admins);
    }

    /**
     * A poll's records in one transaction, as reporting applies them (a commit per event was most of this service's
     * work behind an import); a failing record is named by its index and retried or dead-lettered alone
     * ({@link EventInbox#processBatchSetBased}). Every effect writes in that transaction only: emails and webhook calls
     * are queued rows, and the live inbox hears of a change by a NOTIFY, which PostgreSQL sends at commit.
     */
    @KafkaListener(
            topics = {"crm.contact", "crm.company", "crm.deal", "crm.pipeline", "crm.activity", "crm.task", "crm.ticket"
            },
            containerFactory = "atriumBatchListenerFactory")
    void on(List<ConsumerRecord<String, byte[]>> records) {
        events.processBatchSetBased(CONSUMER, records, this::applyAll);
    }

    /**
     * Each event's effects in order, as one at a time, with the reads a poll can share done once: the active webhook
     * subscriptions, and which of the contacts the events name were erased before they arrived
     * ({@link Erasure#erasedAmong}).
     */
    void applyAll(List<CloudEvent> applied) {
        Deliveries.Fanout fanout = webhooks.fanout();
        java.util.Set<java.util.UUID> named = new java.util.HashSet<>();
        applied.forEach(event -> named.addAll(PersonalData.contacts(event)));
        Erasure.ErasedContacts erased = erasure.erasedAmong(named);
        for (CloudEvent event : applied) {
            watches.apply(event);
            erasure.before(event);
            rules.intents(event).forEach(inbox::deliver);
            fanout.add(event);
            erased.after(event);
        }
    }
}
