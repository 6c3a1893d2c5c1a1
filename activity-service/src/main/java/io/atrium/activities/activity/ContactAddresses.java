package io.atrium.activities.activity;

import io.atrium.platform.references.ReferenceChanged;
import io.atrium.platform.references.ReferenceKind;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

/**
 * The email addresses each contact has now, kept from contact-service's events (in the transaction that applies each),
 * so that an erasure knows which addresses in logged emails and meetings were theirs. Forgotten with the erasure.
 */
@Component
class ContactAddresses {

    private final JdbcClient jdbc;

    ContactAddresses(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @EventListener
    void on(ReferenceChanged changed) {
        if (changed.kind() != ReferenceKind.CONTACT) {
            return;
        }
        Set<String> addresses = new LinkedHashSet<>();
        for (JsonNode email : changed.entity().path("emails")) {
            String address = email.path("address").asString("");
            if (!address.isBlank()) {
                addresses.add(address.strip().toLowerCase(Locale.ROOT));
            }
        }
        forget(changed.id());
        for (String address : addresses) {
            jdbc.sql("insert into contact_address (contact_id, address) values (:id, :address)")
                    .param("id", changed.id())
                    .param("address", address)
                    .update();
        }
    }

    /** The contact's addresses, lower case. */
    Set<String> of(UUID contactId) {
        List<String> addresses = jdbc.sql("select address from contact_address where contact_id = :id")
                .param("id", contactId)
                .query(String.class)
                .list();
        return Set.copyOf(addresses);
    }

    void forget(UUID contactId) {
        jdbc.sql("delete from contact_address where contact_id = :id")
                .param("id", contactId)
                .update();
    }
}
