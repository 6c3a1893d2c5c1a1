package io.atrium.activities.activity;

import io.atrium.platform.events.AggregateRoot;
import io.atrium.platform.events.Changes;
import io.atrium.platform.web.ProblemException;
import io.atrium.platform.web.ProblemException.FieldProblem;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;

/**
 * A call, email, meeting or note in the communication log. Its rules depend on its type (an email has a sender and
 * recipients, a meeting a start before its end, a note a body) and are checked on every write; each write bumps the
 * version and records exactly one {@code crm.activity.*} event.
 */
public final class Activity extends AggregateRoot<UUID> {

    private ActivityDetails details;
    private boolean redacted;
    private Instant deletedAt;

    Activity(
            UUID id,
            long version,
            ActivityDetails details,
            boolean redacted,
            String createdBy,
            Instant createdAt,
            String updatedBy,
            Instant updatedAt,
            Instant deletedAt) {
        super(id, version, createdBy, createdAt, updatedBy, updatedAt);
        this.details = details;
        this.redacted = redacted;
        this.deletedAt = deletedAt;
    }

    static Activity log(UUID id, ActivityDetails details, String actor, Instant now) {
        ActivityDetails normalized = normalized(details, now);
        requireValid(normalized);
        Activity activity = new Activity(id, 1, normalized, false, actor, now, actor, now, null);
        activity.record(new ActivityEvents.ActivityChanged(ActivityEvents.CREATED, activity.view(), null));
        return activity;
    }

    /** Applies new details; the type never changes, and a change that changes nothing is no change. */
    boolean update(ActivityDetails next, String actor, Instant now) {
        requireLive();
        if (next.type() != details.type()) {
            throw ProblemException.invalidField(
                    "type", "cannot change (this is a " + details.type().wire() + "); log a new activity instead");
        }
        ActivityDetails normalized = normalized(next, details.occurredAt());
        requireValid(normalized);
        List<String> changed = Changes.between(details, normalized);
        if (changed.isEmpty()) {
            return false;
        }
        details = normalized;
        changed(actor, now);
        record(new ActivityEvents.ActivityChanged(ActivityEvents.UPDATED, view(), changed));
        return true;
    }

    void delete(String actor, Instant now) {
        requireLive();
        deletedAt = now;
        changed(actor, now);
        record(new ActivityEvents.ActivityChanged(ActivityEvents.DELETED, view(), null));
    }

    /**
     * Removes an erased contact's personal data (docs/privacy.md): the subject and body, the contact's link, and their
     * addresses and attendance; other people's stay. A live activity records an update; returns whether anything
     * changed.
     */
    boolean erase(UUID contactId, Set<String> addresses, String actor, Instant now) {
        ActivityDetails d = details;
        ActivityDetails next = new ActivityDetails(
                d.type(),
                null,
                null,
                d.occurredAt(),
                d.contactIds().stream().filter(id -> !id.equals(contactId)).toList(),
                d.companyId(),
                d.dealId(),
                d.direction(),
                d.durationSeconds(),
                d.outcome(),
                d.from() != null && addresses.contains(d.from().toLowerCase(Locale.ROOT)) ? null : d.from(),
                d.to().stream()
                        .filter(a -> !addresses.contains(a.toLowerCase(Locale.ROOT)))
                        .toList(),
                d.cc().stream()
                        .filter(a -> !addresses.contains(a.toLowerCase(Locale.ROOT)))
                        .toList(),
                d.messageId(),
                d.threadId(),
                d.startsAt(),
                d.endsAt(),
                d.attendees().stream()
                        .filter(a -> !contactId.equals(a.contactId())
                                && (a.email() == null
                                        || !addresses.contains(a.email().toLowerCase(Locale.ROOT))))
                        .toList(),
                d.location(),
                d.externalIds());
        List<String> changed = new ArrayList<>(Changes.between(details, next));
        if (changed.isEmpty() && redacted) {
            return false;
        }
        details = next;
        redacted = true;
        changed.add("redacted");
        changed(actor, now);
        if (deletedAt == null) {
            record(new ActivityEvents.ActivityChanged(ActivityEvents.UPDATED, view(), changed));
        }
        return true;
    }

    /**
     * Refers to the survivor wherever it referred to a contact or company merged into it (its contacts, company and
     * attendees). A live activity records an update; a deleted one just follows. Returns whether anything changed.
     */
    boolean repoint(UUID mergedId, UUID survivorId, String actor, Instant now) {
        ActivityDetails d = details;
        ActivityDetails next = new ActivityDetails(
                d.type(),
                d.subject(),
                d.body(),
                d.occurredAt(),
                d.contactIds().stream()
                        .map(id -> id.equals(mergedId) ? survivorId : id)
                        .toList(),
                mergedId.equals(d.companyId()) ? survivorId : d.companyId(),
                d.dealId(),
                d.direction(),
                d.durationSeconds(),
                d.outcome(),
                d.from(),
                d.to(),
                d.cc(),
                d.messageId(),
                d.threadId(),
                d.startsAt(),
                d.endsAt(),
                attendeesRepointed(d.attendees(), mergedId, survivorId),
                d.location(),
                d.externalIds());
        List<String> changed = Changes.between(details, next);
        if (changed.isEmpty()) {
            return false;
        }
        details = next;
        changed(actor, now);
        if (deletedAt == null) {
            record(new ActivityEvents.ActivityChanged(ActivityEvents.UPDATED, view(), changed));
        }
        return true;
    }

    /** The attendees with the survivor for the merged contact, and the survivor once if both attended. */
    private static List<Attendee> attendeesRepointed(List<Attendee> attendees, UUID mergedId, UUID survivorId) {
        List<Attendee> result = new ArrayList<>();
        boolean survivorListed = attendees.stream().anyMatch(a -> survivorId.equals(a.contactId()));
        for (Attendee a : attendees) {
            if (!mergedId.equals(a.contactId())) {
                result.add(a);
            } else if (!survivorListed) {
                result.add(new Attendee(survivorId, a.name(), a.email()));
                survivorListed = true;
            }
        }
        return result;
    }

    public ActivityView view() {
        ActivityDetails d = details;
        return new ActivityView(
                id(),
                version(),
                d.type(),
                d.subject(),
                d.body(),
                d.occurredAt(),
                d.contactIds(),
                d.companyId(),
                d.dealId(),
                d.direction(),
                d.durationSeconds(),
                d.outcome(),
                d.from(),
                d.to(),
                d.cc(),
                d.messageId(),
                d.threadId(),
                d.startsAt(),
                d.endsAt(),
                d.attendees(),
                d.location(),
                d.externalIds(),
                redacted,
                createdBy(),
                createdAt(),
                updatedBy(),
                updatedAt(),
                deletedAt);
    }

    ActivityDetails details() {
        return details;
    }

    boolean redacted() {
        return redacted;
    }

    Instant deletedAt() {
        return deletedAt;
    }

    private void requireLive() {
        if (deletedAt != null) {
            throw ProblemException.notFound("activity", id());
        }
    }

    /** Trimmed text, blanks as absent, times at the database's precision, when it happened defaulted. */
    private static ActivityDetails normalized(ActivityDetails d, Instant defaultOccurredAt) {
        Instant startsAt = micros(d.startsAt());
        Instant occurredAt = d.occurredAt() != null
                ? micros(d.occurredAt())
                : d.type() == ActivityType.MEETING && startsAt != null ? startsAt : micros(defaultOccurredAt);
        return new ActivityDetails(
                d.type(),
                text(d.subject()),
                d.body() == null || d.body().isBlank() ? null : d.body(),
                occurredAt,
                d.contactIds(),
                d.companyId(),
                d.dealId(),
                d.direction(),
                d.durationSeconds(),
                d.outcome(),
                text(d.from()),
                d.to().stream().map(String::strip).distinct().toList(),
                d.cc().stream().map(String::strip).distinct().toList(),
                text(d.messageId()),
                text(d.threadId()),
                startsAt,
                micros(d.endsAt()),
                d.attendees().stream()
                        .map(a -> new Attendee(a.contactId(), text(a.name()), text(a.email())))
                        .toList(),
                text(d.location()),
                d.externalIds());
    }

    /** The rules of each type, all problems at once. */
    static void requireValid(ActivityDetails d) {
        List<FieldProblem> problems = new ArrayList<>();
        boolean call = d.type() == ActivityType.CALL;
        boolean email = d.type() == ActivityType.EMAIL;
        boolean meeting = d.type() == ActivityType.MEETING;
        String what = "a " + d.type().wire();
        onlyFor(problems, call || email, d.direction() != null, "direction", what);
        onlyFor(problems, call, d.durationSeconds() != null, "durationSeconds", what);
        onlyFor(problems, call, d.outcome() != null, "outcome", what);
        onlyFor(problems, email, d.from() != null, "from", what);
        onlyFor(problems, email, !d.to().isEmpty(), "to", what);
        onlyFor(problems, email, !d.cc().isEmpty(), "cc", what);
        onlyFor(problems, email, d.messageId() != null, "messageId", what);
        onlyFor(problems, email, d.threadId() != null, "threadId", what);
        onlyFor(problems, meeting, d.startsAt() != null, "startsAt", what);
        onlyFor(problems, meeting, d.endsAt() != null, "endsAt", what);
        onlyFor(problems, meeting, !d.attendees().isEmpty(), "attendees", what);
        onlyFor(problems, meeting, d.location() != null, "location", what);
        switch (d.type()) {
            case CALL -> required(problems, d.direction() != null, "direction", what);
            case EMAIL -> {
                required(problems, d.subject() != null, "subject", what);
                required(problems, d.from() != null, "from", what);
                required(problems, !d.to().isEmpty(), "to", what);
                required(problems, d.direction() != null, "direction", what);
            }
            case MEETING -> {
                required(problems, d.startsAt() != null, "startsAt", what);
                required(problems, d.endsAt() != null, "endsAt", what);
                if (d.startsAt() != null && d.endsAt() != null && !d.endsAt().isAfter(d.startsAt())) {
                    problems.add(new FieldProblem("endsAt", "must be after startsAt"));
                }
                for (int i = 0; i < d.attendees().size(); i++) {
                    if (d.attendees().get(i).empty()) {
                        problems.add(new FieldProblem("attendees[" + i + "]", "needs a contactId, a name or an email"));
                    }
                }
            }
            case NOTE -> required(problems, d.body() != null, "body", what);
        }
        if (!problems.isEmpty()) {
            throw ProblemException.invalidFields(problems);
        }
    }

    private static void onlyFor(
            List<FieldProblem> problems, boolean applies, boolean present, String field, String what) {
        if (!applies && present) {
            problems.add(new FieldProblem(field, "does not apply to " + what));
        }
    }

    private static void required(List<FieldProblem> problems, boolean present, String field, String what) {
        if (!present) {
            problems.add(new FieldProblem(field, "is required for " + what));
        }
    }

    private static String text(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }

    private static Instant micros(Instant value) {
        return value == null ? null : value.truncatedTo(ChronoUnit.MICROS);
    }
}
