package io.atrium.deals.party;

import java.util.Locale;
import java.util.stream.Stream;
import tools.jackson.databind.JsonNode;

/** How a contact or company is named here, from the JSON contact-service publishes and serves. */
final class PartyNames {

    private PartyNames() {}

    /** "First Last", else the primary email, else a placeholder with the id's start. */
    static String contact(JsonNode contact) {
        String name = Stream.of(text(contact, "firstName"), text(contact, "lastName"))
                .filter(s -> s != null && !s.isBlank())
                .reduce((a, b) -> a + " " + b)
                .orElse(null);
        if (name != null) {
            return name;
        }
        for (JsonNode email : contact.path("emails")) {
            if (email.path("primary").asBoolean(false)) {
                return email.path("address").asString();
            }
        }
        return "Contact " + contact.path("id").asString().substring(0, 8).toLowerCase(Locale.ROOT);
    }

    static String company(JsonNode company) {
        return text(company, "name");
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.path(field);
        return value.isString() ? value.asString() : null;
    }
}
