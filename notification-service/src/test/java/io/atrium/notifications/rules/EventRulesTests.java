package io.atrium.notifications.rules;

import static org.assertj.core.api.Assertions.assertThat;

import io.atrium.notifications.NotificationType;
import io.atrium.notifications.inbox.Intent;
import io.atrium.platform.events.CloudEvent;
import io.atrium.platform.events.EventJson;
import io.atrium.platform.test.OwnerEvents;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

class EventRulesTests {

    private final EventRules rules = new EventRules(
            stage -> stage.equals("0193a1b2-7000-7e4f-8a5b-0000000000b2") ? "Proposal" : null, () -> Set.of("root"));

    private static CloudEvent event(String type, ObjectNode data) {
        return new CloudEvent(
                "1.0",
                UUID.randomUUID(),
                "/test",
                type,
                UUID.randomUUID().toString(),
                Instant.now(),
                "application/json",
                URI.create("urn:test"),
                2,
                null,
                data);
    }

    @Test
    void aTaskAssignedWithADueTimeSaysWhenInWordsNotInTheWireFormat() {
        ObjectNode data = OwnerEvents.exampleData("crm.task.created.v1");
        ((ObjectNode) data.path("task"))
                .put("assignee", "olga")
                .put("createdBy", "sam")
                .put("dueAt", "2026-12-06T15:55:00Z");
        List<Intent> intents = rules.intents(event("crm.task.created.v1", data));
        assertThat(intents).singleElement().satisfies(i -> {
            assertThat(i.type()).isEqualTo(NotificationType.TASK_ASSIGNED);
            assertThat(i.body()).startsWith("Due 6 Dec 2026, 15:55 UTC — from ");
        });
    }

    @Test
    void aBreachedTicketSaysWhenItWasDueInWords() {
        ObjectNode data = OwnerEvents.exampleData("crm.ticket.sla-breached.v1");
        data.put("dueAt", "2026-12-06T09:05:00Z");
        ((ObjectNode) data.path("ticket")).put("assignee", "olga");
        List<Intent> intents = rules.intents(event("crm.ticket.sla-breached.v1", data));
        assertThat(intents).singleElement().satisfies(i -> assertThat(i.body())
                .endsWith(" — was due 6 Dec 2026, 09:05 UTC"));
    }

    @Test
    void aDealMovedBySomeoneElseTellsItsOwnerWhereItWent() {
        ObjectNode data = OwnerEvents.exampleData("crm.deal.stage-changed.v1");
        ((ObjectNode) data.path("deal")).put("ownerId", "olga").put("updatedBy", "sam");
        List<Intent> intents = rules.intents(event("crm.deal.stage-changed.v1", data));
        assertThat(intents).singleElement().satisfies(i -> {
            assertThat(i.recipient()).isEqualTo("olga");
            assertThat(i.type()).isEqualTo(NotificationType.DEAL_MOVED);
            assertThat(i.title()).isEqualTo("Analytical Engine, 40 units moved to Proposal");
            assertThat(i.link()).isEqualTo(new Intent.Link("deal", "0193a1b2-7000-7e4f-8a5b-0000000000d1"));
        });
    }

    @Test
    void nobodyIsToldOfTheirOwnAction() {
        ObjectNode moved = OwnerEvents.exampleData("crm.deal.stage-changed.v1");
        ((ObjectNode) moved.path("deal")).put("ownerId", "olga").put("updatedBy", "olga");
        ObjectNode won = OwnerEvents.exampleData("crm.deal.won.v1");
        ((ObjectNode) won.path("deal")).put("ownerId", "olga").put("updatedBy", "olga");
        assertThat(rules.intents(event("crm.deal.stage-changed.v1", moved))).isEmpty();
        assertThat(rules.intents(event("crm.deal.won.v1", won))).isEmpty();
    }

    @Test
    void aDealChangeTellsTheOwnerOnlyWhenTheOwnerChanged() {
        ObjectNode amount = OwnerEvents.exampleData("crm.deal.updated.v1");
        ((ObjectNode) amount.path("deal")).put("ownerId", "olga").put("updatedBy", "sam");
        assertThat(rules.intents(event("crm.deal.updated.v1", amount))).isEmpty();
        amount.putArray("changedFields").add("ownerId");
        assertThat(rules.intents(event("crm.deal.updated.v1", amount)))
                .extracting(Intent::type)
                .containsExactly(NotificationType.DEAL_ASSIGNED);
    }

    @Test
    void aBreachOfAnUnassignedTicketGoesToTheAdmins() {
        ObjectNode data = OwnerEvents.exampleData("crm.ticket.sla-breached.v1");
        ((ObjectNode) data.path("ticket")).putNull("assignee");
        assertThat(rules.intents(event("crm.ticket.sla-breached.v1", data)))
                .singleElement()
                .satisfies(i -> {
                    assertThat(i.recipient()).isEqualTo("root");
                    assertThat(i.title()).isEqualTo("Ticket #1042 breached its resolution target");
                });
    }

    @Test
    void mentionsInANoteNotifyThePeopleNamedButNotTheAuthorOrAnEmailAddress() {
        ObjectNode data = OwnerEvents.exampleData("crm.activity.created.v1");
        ((ObjectNode) data.path("activity"))
                .put("type", "note")
                .put("createdBy", "sam")
                .put("body", "@nina and @omar.k, please call ada@example.com with @ada.l@corp.example. Thanks, @sam.");
        List<Intent> intents = rules.intents(event("crm.activity.created.v1", data));
        assertThat(intents).extracting(Intent::recipient).containsExactly("nina", "omar.k", "ada.l@corp.example");
        assertThat(intents).allSatisfy(i -> {
            assertThat(i.type()).isEqualTo(NotificationType.MENTION);
            assertThat(i.title()).isEqualTo("sam mentioned you in a note");
            assertThat(i.dedupeKey()).isEqualTo("mention:0193a1b2-7000-7e4f-8a5b-0000000000e1");
        });

        ((ObjectNode) data.path("activity")).put("type", "email");
        assertThat(rules.intents(event("crm.activity.created.v1", data))).isEmpty();
    }

    @Test
    void eventsOfEveryTypeInTheCatalogueAreHandledWithoutFailing() {
        for (String type : List.of(
                "crm.contact.created.v1",
                "crm.contact.erased.v1",
                "crm.company.updated.v1",
                "crm.deal.lost.v1",
                "crm.deal.reopened.v1",
                "crm.pipeline.created.v1",
                "crm.task.completed.v1",
                "crm.ticket.closed.v1",
                "crm.ticket.replied.v1")) {
            ObjectNode example = (ObjectNode) EventJson.mapper().valueToTree(OwnerEvents.exampleData(type));
            assertThat(rules.intents(event(type, example))).as(type).allSatisfy(i -> assertThat(i.recipient())
                    .isNotBlank());
        }
    }
}
