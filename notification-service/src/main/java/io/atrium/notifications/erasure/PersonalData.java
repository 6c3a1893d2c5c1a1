package io.atrium.notifications.erasure;

import io.atrium.platform.events.CloudEvent;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.UUID;
import tools.jackson.databind.JsonNode;

/**
 * Whose personal data an event carries, by id. A contact event carries its contact's; an activity, task or ticket
 * event carries what staff wrote about the contacts it references (contact ids, attendees, the requester) and is also
 * about the record itself. Deal events reference contacts by id only, and company and pipeline events name nobody.
 */
public final class PersonalData {

    public static final String ERASED = "crm.contact.erased.v1";
    public static final String MERGED = "crm.contact.merged.v1";

    private PersonalData() {}

    /** {@code activity}, {@code task} or {@code ticket} for those records' events; null for others. */
    public static String recordType(String eventType) {
        for (String type : new String[] {"activity", "task", "ticket"}) {
            if (eventType.startsWith("crm." + type + ".")) {
                return type;
            }
        }
        return null;
    }

    /** The contacts whose data the event may carry (none for the erasure itself, which carries ids only). */
    public static Set<UUID> contacts(CloudEvent event) {
        Set<UUID> contacts = new LinkedHashSet<>();
        String type = event.type();
        if (type.startsWith("crm.contact.") && !type.equals(ERASED)) {
            add(contacts, event.subject());
        }
        String recordType = recordType(type);
        if (recordType == null) {
            return contacts;
        }
        JsonNode record = event.data().path(recordType);
        record.path("contactIds").forEach(id -> add(contacts, id.asString()));
        record.path("attendees").forEach(attendee -> add(contacts, text(attendee.path("contactId"))));
        add(contacts, text(record.path("requesterContactId")));
        return contacts;
    }

    /** What a stored copy of the event is about: its contacts, and the activity, task or ticket it is of. */
    public static Set<UUID> subjects(CloudEvent event) {
        Set<UUID> subjects = contacts(event);
        if (recordType(event.type()) != null) {
            add(subjects, event.subject());
        }
        return subjects;
    }

    /** The neutral title that replaces a notification's about an erased record. */
    public static String erasedTitle(String recordType) {
        return switch (recordType) {
            case "task" -> "Task (details erased)";
            case "ticket" -> "Ticket (details erased)";
            default -> "Activity (details erased)";
        };
    }

    private static String text(JsonNode node) {
        return node.isString() ? node.asString() : null;
    }

    private static void add(Set<UUID> ids, String id) {
        if (id == null) {
            return;
        }
        try {
            ids.add(UUID.fromString(id));
        } catch (IllegalArgumentException e) {
            // Not an id (the schemas say it is): nothing to find it by.
        }
    }
}
