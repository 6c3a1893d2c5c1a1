package io.atrium.notifications.rules;

import io.atrium.notifications.NotificationType;
import io.atrium.notifications.inbox.Intent;
import io.atrium.notifications.inbox.Moments;
import io.atrium.platform.events.CloudEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;
import tools.jackson.databind.JsonNode;

/**
 * Which people an event concerns and what they are told: pure, so its tests need no framework. Nobody is notified of
 * their own action (the actor is the record's {@code updatedBy}, or {@code createdBy} on creation). Every intent's
 * dedupe key is the event id and the type, so a redelivered event notifies nobody twice.
 */
public final class EventRules {

    private final Function<String, String> stageNames;
    private final Supplier<Set<String>> admins;

    /**
     * @param stageNames a stage id's name, from the pipelines seen so far (null when unknown)
     * @param admins who is told what nobody in particular is (a breach on an unassigned ticket)
     */
    public EventRules(Function<String, String> stageNames, Supplier<Set<String>> admins) {
        this.stageNames = stageNames;
        this.admins = admins;
    }

    public List<Intent> intents(CloudEvent event) {
        String type = event.type();
        JsonNode data = event.data();
        List<Intent> intents = new ArrayList<>();
        switch (type) {
            case "crm.deal.created.v1" -> {
                JsonNode deal = data.path("deal");
                notify(
                        intents,
                        event,
                        owner(deal),
                        actor(deal, true),
                        NotificationType.DEAL_ASSIGNED,
                        "Deal assigned to you: " + deal.path("title").asString(),
                        "By " + actor(deal, true),
                        dealLink(deal));
            }
            case "crm.deal.updated.v1" -> {
                JsonNode deal = data.path("deal");
                if (changed(data, "ownerId")) {
                    notify(
                            intents,
                            event,
                            owner(deal),
                            actor(deal, false),
                            NotificationType.DEAL_ASSIGNED,
                            "Deal assigned to you: " + deal.path("title").asString(),
                            "By " + actor(deal, false),
                            dealLink(deal));
                }
            }
            case "crm.deal.stage-changed.v1" -> {
                JsonNode deal = data.path("deal");
                String stage = stageNames.apply(data.path("toStageId").asString());
                notify(
                        intents,
                        event,
                        owner(deal),
                        actor(deal, false),
                        NotificationType.DEAL_MOVED,
                        deal.path("title").asString() + " moved to " + (stage == null ? "another stage" : stage),
                        "By " + actor(deal, false),
                        dealLink(deal));
            }
            case "crm.deal.won.v1" -> {
                JsonNode deal = data.path("deal");
                notify(
                        intents,
                        event,
                        owner(deal),
                        actor(deal, false),
                        NotificationType.DEAL_WON,
                        "Deal won: " + deal.path("title").asString(),
                        amount(deal) + " — by " + actor(deal, false),
                        dealLink(deal));
            }
            case "crm.deal.lost.v1" -> {
                JsonNode deal = data.path("deal");
                String reason = text(deal.path("lostReason"));
                notify(
                        intents,
                        event,
                        owner(deal),
                        actor(deal, false),
                        NotificationType.DEAL_LOST,
                        "Deal lost: " + deal.path("title").asString(),
                        (reason == null ? "" : "Reason: " + reason + " — ") + "by " + actor(deal, false),
                        dealLink(deal));
            }
            case "crm.task.created.v1", "crm.task.updated.v1" -> {
                JsonNode task = data.path("task");
                boolean created = type.equals("crm.task.created.v1");
                if (created || changed(data, "assignee")) {
                    String due = text(task.path("dueAt"));
                    notify(
                            intents,
                            event,
                            text(task.path("assignee")),
                            actor(task, created),
                            NotificationType.TASK_ASSIGNED,
                            "Task assigned to you: " + task.path("title").asString(),
                            (due == null ? "" : "Due " + Moments.text(due) + " — ") + "from " + actor(task, created),
                            new Intent.Link("task", task.path("id").asString()));
                }
            }
            case "crm.ticket.created.v1", "crm.ticket.assigned.v1" -> {
                JsonNode ticket = data.path("ticket");
                boolean created = type.equals("crm.ticket.created.v1");
                notify(
                        intents,
                        event,
                        text(ticket.path("assignee")),
                        actor(ticket, created),
                        NotificationType.TICKET_ASSIGNED,
                        "Ticket #" + ticket.path("number").asLong() + " assigned to you: "
                                + ticket.path("subject").asString(),
                        "Priority " + ticket.path("priority").asString() + " — from " + actor(ticket, created),
                        ticketLink(ticket));
            }
            case "crm.ticket.sla-breached.v1" -> {
                JsonNode ticket = data.path("ticket");
                String assignee = text(ticket.path("assignee"));
                Set<String> people = assignee == null ? admins.get() : Set.of(assignee);
                String target = data.path("target").asString().replace('-', ' ');
                for (String person : people) {
                    notify(
                            intents,
                            event,
                            person,
                            null,
                            NotificationType.TICKET_SLA_BREACHED,
                            "Ticket #" + ticket.path("number").asLong() + " breached its " + target + " target",
                            ticket.path("subject").asString() + " — was due "
                                    + Moments.text(data.path("dueAt").asString()),
                            ticketLink(ticket));
                }
            }
            case "crm.activity.created.v1", "crm.activity.updated.v1" -> {
                JsonNode activity = data.path("activity");
                if ("note".equals(activity.path("type").asString())
                        && !activity.path("redacted").asBoolean()) {
                    String author = actor(activity, type.equals("crm.activity.created.v1"));
                    String body = text(activity.path("body"));
                    for (String person : Mentions.in(body)) {
                        // Keyed by note and person, not by event: editing a note notifies only people newly mentioned.
                        Intent intent = new Intent(
                                person,
                                NotificationType.MENTION,
                                author + " mentioned you in a note",
                                Mentions.excerpt(body),
                                new Intent.Link("activity", activity.path("id").asString()),
                                "mention:" + activity.path("id").asString());
                        if (!person.equals(author)) {
                            intents.add(intent);
                        }
                    }
                }
            }
            default -> {
                // Other facts notify nobody; the scheduled checks and webhooks still see them.
            }
        }
        return intents;
    }

    private static void notify(
            List<Intent> intents,
            CloudEvent event,
            String recipient,
            String actor,
            NotificationType type,
            String title,
            String body,
            Intent.Link link) {
        if (recipient == null || recipient.equals(actor)) {
            return;
        }
        intents.add(new Intent(recipient, type, title, body, link, "event:" + event.id() + ":" + type.wire()));
    }

    private static String owner(JsonNode deal) {
        return text(deal.path("ownerId"));
    }

    private static String actor(JsonNode entity, boolean created) {
        String actor = text(entity.path(created ? "createdBy" : "updatedBy"));
        return actor == null ? "someone" : actor;
    }

    private static boolean changed(JsonNode data, String field) {
        return data.path("changedFields").valueStream().anyMatch(f -> field.equals(f.asString()));
    }

    private static String amount(JsonNode deal) {
        JsonNode amount = deal.path("amount");
        return amount.isObject()
                ? amount.path("value").asString() + " "
                        + amount.path("currency").asString()
                : "No amount";
    }

    private static Intent.Link dealLink(JsonNode deal) {
        return new Intent.Link("deal", deal.path("id").asString());
    }

    private static Intent.Link ticketLink(JsonNode ticket) {
        return new Intent.Link("ticket", ticket.path("id").asString());
    }

    static String text(JsonNode node) {
        return node == null
                        || node.isNull()
                        || node.isMissingNode()
                        || node.asString().isBlank()
                ? null
                : node.asString();
    }
}
