package io.atrium.activities.activity;

import io.atrium.platform.web.ValidEmail;
import jakarta.validation.constraints.Size;
import java.util.UUID;

/** Someone at a meeting: a known contact, or just a name and an address (a colleague, a guest). */
public record Attendee(
        UUID contactId,
        @Size(max = 200) String name,
        @ValidEmail(max = 320) String email) {

    boolean empty() {
        return contactId == null && (name == null || name.isBlank()) && (email == null || email.isBlank());
    }
}
