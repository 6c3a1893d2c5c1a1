package io.atrium.activities.activity;

import io.atrium.platform.web.ExternalIds;
import io.atrium.platform.web.ValidEmail;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * An activity as a client writes it (create body and merge-patch shape). Which of the type-specific fields apply
 * depends on {@code type} — direction, duration and outcome for a call; from, to, cc, message and thread ids for an
 * email; start, end, attendees and location for a meeting — and {@link Activity} checks that; the type itself never
 * changes.
 *
 * @param occurredAt when it happened; defaults to now (a meeting's start)
 * @param externalIds the activity's ids in other systems by source, each unique among live activities
 */
public record ActivityDetails(
        @NotNull ActivityType type,
        @Size(max = 300) String subject,
        @Size(max = 100_000) String body,
        Instant occurredAt,
        @Size(max = 50) List<@NotNull UUID> contactIds,
        UUID companyId,
        UUID dealId,
        Direction direction,
        @Min(0) @Max(86_400) Integer durationSeconds,
        CallOutcome outcome,
        @ValidEmail(max = 320) String from,
        @Size(max = 100) List<@NotNull @ValidEmail(max = 320) String> to,
        @Size(max = 100) List<@NotNull @ValidEmail(max = 320) String> cc,
        @Size(max = 998) String messageId,
        @Size(max = 998) String threadId,
        Instant startsAt,
        Instant endsAt,
        @Size(max = 100) List<@NotNull @Valid Attendee> attendees,
        @Size(max = 500) String location,
        @ExternalIds Map<String, String> externalIds) {

    public ActivityDetails {
        // Lists may hold nulls here so that validation names them; repeats of a contact are dropped.
        contactIds = contactIds == null ? List.of() : listOf(new java.util.LinkedHashSet<>(contactIds));
        to = to == null ? List.of() : listOf(to);
        cc = cc == null ? List.of() : listOf(cc);
        attendees = attendees == null ? List.of() : listOf(attendees);
        externalIds = ExternalIds.Values.normalized(externalIds);
    }

    private static <T> List<T> listOf(java.util.Collection<T> values) {
        return java.util.Collections.unmodifiableList(new java.util.ArrayList<>(values));
    }
}
