package io.atrium.activities.activity;

import io.atrium.platform.references.ReferenceChanged;
import io.atrium.platform.references.ReferenceKind;
import io.atrium.platform.references.ReferencesChanged;
import java.util.ArrayList;
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

    /** Replaces the addresses of every changed contact: two statements for a poll's contacts (issue 18). */
    @EventListener
    void on(ReferencesChanged changed) {
        List<UUID> contacts = new ArrayList<>();
        List<UUID> ids = new ArrayList<>();
        List<String> addresses = new ArrayList<>();
        for (ReferenceChanged change : changed.changes()) {
            if (change.kind() != ReferenceKind.CONTACT) {
                continue;
            }
            contacts.add(change.id());
            Set<String> own = new LinkedHashSet<>();
            for (JsonNode email : change.entity().path("emails")) {
                String address = email.path("address").asString("");
                if (!address.isBlank()) {
                    own.add(address.strip().toLowerCase(Locale.ROOT));
                }
            }
            for (String address : own) {
                ids.add(change.id());
                addresses.add(address);
            }
        }
        if (contacts.isEmpty()) {
            return;
        }
        jdbc.sql("delete from contact_address where contact_id = any(cast(:ids as uuid[]))")
                .param("ids", contacts.toArray(UUID[]::new))
                .update();
        if (!ids.isEmpty()) {
            jdbc.sql("""
                            insert into contact_address (contact_id, address)
                            select * from unnest(cast(:ids as uuid[]), cast(:addresses as text[]))
                            """)
                    .param("ids", ids.toArray(UUID[]::new))
                    .param("addresses", addresses.toArray(String[]::new))
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
