package io.atrium.activities.task;

import io.atrium.activities.Links;
import io.atrium.activities.Priority;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A task as a client writes it (create body and merge-patch shape). On create the assignee defaults to the caller and
 * the priority to normal. Its status changes only through complete, cancel and reopen.
 *
 * @param reminderAt when to remind the assignee (notification-service); not after {@code dueAt}
 */
public record TaskDetails(
        @NotBlank @Size(max = 200) String title,
        @Size(max = 10_000) String description,
        Instant dueAt,
        Instant reminderAt,
        Priority priority,
        @Size(min = 1, max = 100) String assignee,
        @Size(max = 50) List<@NotNull UUID> contactIds,
        UUID companyId,
        UUID dealId) {

    public TaskDetails {
        contactIds = contactIds == null
                ? List.of()
                : java.util.Collections.unmodifiableList(
                        new java.util.ArrayList<>(new java.util.LinkedHashSet<>(contactIds)));
    }

    TaskDetails withoutContact(UUID contactId) {
        return new TaskDetails(
                title,
                description,
                dueAt,
                reminderAt,
                priority,
                assignee,
                Links.distinct(contactIds).stream()
                        .filter(id -> !id.equals(contactId))
                        .toList(),
                companyId,
                dealId);
    }
}
