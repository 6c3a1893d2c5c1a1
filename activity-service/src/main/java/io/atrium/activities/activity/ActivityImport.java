package io.atrium.activities.activity;

import io.atrium.platform.access.RecordAccess;
import io.atrium.platform.access.RecordType;
import io.atrium.platform.access.Scope;
import io.atrium.platform.events.DomainEvent;
import io.atrium.platform.events.EventOutbox;
import io.atrium.platform.events.TimeOrderedIds;
import io.atrium.platform.imports.ImportCells;
import io.atrium.platform.imports.ImportContext;
import io.atrium.platform.imports.ImportField;
import io.atrium.platform.imports.ImportReferences;
import io.atrium.platform.imports.ImportRow;
import io.atrium.platform.imports.ImportTarget;
import io.atrium.platform.imports.RowOutcome;
import io.atrium.platform.jdbc.Timestamps;
import io.atrium.platform.references.ReferenceDirectory;
import io.atrium.platform.security.Roles;
import io.atrium.platform.web.ProblemException;
import jakarta.validation.Validator;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.springframework.stereotype.Component;

/**
 * Activities from a file (platform/imports): calls, emails, meetings and notes from another system's log. Activities
 * have no natural key: a mapping keyed by {@code externalIds.<source>} finds a row's activity by its id in that system
 * (and a second run changes nothing); one without a key logs an activity from every row. A row sets the fields its
 * cells fill — a blank cell leaves a field as it is; recipients and contacts are added to — and names the contacts,
 * company and deal it is about by email, domain, name, title or their ids in another system, from the replica of the
 * records contact-service and deal-service own (ImportReferences). The type of an activity never changes.
 *
 * <p>The API's checks decide each row: validation and each type's rules, record access of the job's creator (an
 * activity they may change; a new one is theirs, as one they log), one live activity per external id. Meeting
 * attendees are not imported. A batch is applied set-based: one lookup of its ids, one locked read of the activities
 * they find, one of the names its references use, then one statement inserts the new activities with their events,
 * two write the changed ones, one claims the external ids.
 */
@Component
class ActivityImport implements ImportTarget {

    private static final List<ImportField> FIELDS = Stream.of(
                    List.of(
                            ImportField.of("type", "Type (call, email, meeting, note)", "activity type", "kind"),
                            ImportField.of("subject", "Subject", "title", "summary"),
                            ImportField.of("body", "Body", "notes", "note", "description", "content", "text"),
                            ImportField.of(
                                    "occurredAt",
                                    "Occurred at (2026-11-23T10:15:00Z; without an offset, UTC)",
                                    "date",
                                    "occurred",
                                    "when",
                                    "timestamp",
                                    "time"),
                            ImportField.of("direction", "Direction (inbound, outbound)", "call direction"),
                            ImportField.of("durationSeconds", "Duration (seconds)", "duration", "call duration"),
                            ImportField.of(
                                    "outcome",
                                    "Outcome (connected, no-answer, left-voicemail, busy, wrong-number)",
                                    "call outcome",
                                    "result"),
                            ImportField.of("from", "From (email)", "sender"),
                            ImportField.of("to", "To (emails; several separated by ; or ,)", "recipient", "recipients")
                                    .asRepeatable(),
                            ImportField.of("cc", "Cc (emails)", "copy").asRepeatable(),
                            ImportField.of("startsAt", "Starts at", "start", "start time"),
                            ImportField.of("endsAt", "Ends at", "end", "end time"),
                            ImportField.of("location", "Location", "place", "where"),
                            ImportCells.EXTERNAL_IDS_FIELD),
                    ImportReferences.CONTACT_FIELDS,
                    ImportReferences.COMPANY_FIELDS,
                    ImportReferences.DEAL_FIELDS)
            .flatMap(List::stream)
            .toList();

    private final ActivityRepository activities;
    private final ImportReferences references;
    private final EventOutbox outbox;
    private final RecordAccess access;
    private final Validator validator;
    private final Clock clock;

    ActivityImport(
            ActivityRepository activities,
            ReferenceDirectory directory,
            EventOutbox outbox,
            RecordAccess access,
            Validator validator,
            Clock clock) {
        this.activities = activities;
        this.references = new ImportReferences(directory);
        this.outbox = outbox;
        this.access = access;
        this.validator = validator;
        this.clock = clock;
    }

    @Override
    public String kind() {
        return "activities";
    }

    @Override
    public List<ImportField> fields() {
        return FIELDS;
    }

    @Override
    public Set<String> roles() {
        return Set.of(Roles.ADMIN, Roles.SALES, Roles.MARKETING, Roles.SUPPORT);
    }

    @Override
    public boolean keyRequired() {
        return false;
    }

    @Override
    public String normalizeKey(String field, String value) {
        return ImportCells.externalIdKey(value);
    }

    @Override
    public List<RowOutcome> apply(List<ImportRow> rows, ImportContext context) {
        Instant now = Timestamps.now(clock);
        String actor = context.actor();
        String source = ImportCells.externalIdSource(context.key());
        List<RowOutcome> outcomes = new ArrayList<>(rows.size());

        Map<String, UUID> byExternalId = source == null
                ? Map.of()
                : activities
                        .externalIds()
                        .find(
                                source,
                                rows.stream()
                                        .map(r -> ImportCells.externalIdKey(r.value(context.key())))
                                        .filter(Objects::nonNull)
                                        .collect(Collectors.toSet()));
        Map<UUID, Activity> existing = activities.findAllLiveForUpdate(new HashSet<>(byExternalId.values()));
        Map<ImportRow, ImportReferences.Resolved> named = references.resolve(rows);
        Scope readable = access.read(RecordType.ACTIVITY);
        Scope writable = access.write(RecordType.ACTIVITY);

        Set<UUID> touched = new HashSet<>();
        List<Activity> created = new ArrayList<>();
        List<Activity> changed = new ArrayList<>();
        Map<UUID, Map<String, String>> claims = new LinkedHashMap<>();
        for (ImportRow row : rows) {
            UUID keyed = source == null ? null : byExternalId.get(ImportCells.externalIdKey(row.value(context.key())));
            Activity activity = keyed == null ? null : existing.get(keyed);
            String reason = null;
            if (activity != null && !touched.add(activity.id())) {
                reason = context.key() + ": an earlier row of this batch changed this activity";
            } else if (activity != null && !readable.permits(activity.createdBy())) {
                reason = context.key() + ": belongs to an activity you cannot see";
            } else if (activity != null && !writable.permits(activity.createdBy())) {
                reason = context.key() + ": belongs to an activity you may not change";
            } else if (named.get(row).problem() != null) {
                reason = named.get(row).problem();
            }
            if (reason != null) {
                outcomes.add(RowOutcome.rejected(row, reason));
                continue;
            }
            Merged merged = merge(activity == null ? null : activity.details(), row, named.get(row));
            if (merged.problem() != null) {
                outcomes.add(RowOutcome.rejected(row, merged.problem()));
                continue;
            }
            ActivityDetails next = merged.details();
            String violations = ImportCells.violations(validator, next, ActivityImport::columnOf);
            if (violations != null) {
                outcomes.add(RowOutcome.rejected(row, violations));
                continue;
            }
            try {
                if (activity == null) {
                    Activity fresh = Activity.log(TimeOrderedIds.next(), next, actor, now);
                    created.add(fresh);
                    if (!next.externalIds().isEmpty()) {
                        claims.put(fresh.id(), next.externalIds());
                    }
                    outcomes.add(RowOutcome.created(row));
                } else if (activity.update(next, actor, now)) {
                    changed.add(activity);
                    if (!next.externalIds().equals(merged.before())) {
                        claims.put(activity.id(), next.externalIds());
                    }
                    outcomes.add(RowOutcome.updated(row));
                } else {
                    outcomes.add(RowOutcome.unchanged(row));
                }
            } catch (ProblemException e) {
                // The type's rules (a call has a direction, a meeting ends after it starts; the type never changes).
                outcomes.add(RowOutcome.rejected(row, e.getMessage()));
            }
        }
        write(created, changed, claims);
        return outcomes;
    }

    private void write(List<Activity> created, List<Activity> changed, Map<UUID, Map<String, String>> claims) {
        List<DomainEvent> createdEvents = new ArrayList<>();
        created.forEach(a -> createdEvents.addAll(a.pullEvents()));
        activities.insertAll(created, outbox.prepareBulk(createdEvents));
        List<DomainEvent> changedEvents = new ArrayList<>();
        changed.forEach(a -> changedEvents.addAll(a.pullEvents()));
        activities.updateAll(changed, outbox.prepareBulk(changedEvents));
        if (!activities.externalIds().claimAll(claims).isEmpty()) {
            // Another writer claimed an id since the lookup: the batch is retried row by row, naming it.
            throw ProblemException.conflict(
                    "duplicate-activity-external-id",
                    "externalIds: belongs to another activity (claimed while the import ran)",
                    Map.of("field", "externalIds"));
        }
    }

    /** The details a row makes, or why it makes none; {@code before} the external ids the activity had. */
    private record Merged(ActivityDetails details, Map<String, String> before, String problem) {

        static Merged problem(String problem) {
            return new Merged(null, null, problem);
        }
    }

    /** {@code base} (null for a new activity) with the row's cells: blanks leave fields, lists are added to. */
    private static Merged merge(ActivityDetails base, ImportRow row, ImportReferences.Resolved named) {
        ActivityType type = base == null ? null : base.type();
        if (row.value("type") != null) {
            type = ImportCells.constant(row.value("type"), ActivityType.class, ActivityType::wire);
            if (type == null) {
                return Merged.problem(
                        "type: must be one of " + ImportCells.allowed(ActivityType.class, ActivityType::wire));
            }
        }
        if (type == null) {
            return Merged.problem("type: is required for a new activity (call, email, meeting or note)");
        }
        Direction direction = base == null ? null : base.direction();
        if (row.value("direction") != null) {
            direction = ImportCells.constant(row.value("direction"), Direction.class, Direction::wire);
            if (direction == null) {
                return Merged.problem("direction: must be one of inbound, outbound");
            }
        }
        CallOutcome outcome = base == null ? null : base.outcome();
        if (row.value("outcome") != null) {
            outcome = ImportCells.constant(row.value("outcome"), CallOutcome.class, CallOutcome::wire);
            if (outcome == null) {
                return Merged.problem(
                        "outcome: must be one of " + ImportCells.allowed(CallOutcome.class, CallOutcome::wire));
            }
        }
        Integer duration = base == null ? null : base.durationSeconds();
        if (row.value("durationSeconds") != null) {
            try {
                duration = Integer.valueOf(row.value("durationSeconds"));
            } catch (NumberFormatException e) {
                return Merged.problem("durationSeconds: must be a whole number of seconds");
            }
        }
        Instant occurredAt = base == null ? null : base.occurredAt();
        Instant startsAt = base == null ? null : base.startsAt();
        Instant endsAt = base == null ? null : base.endsAt();
        for (String field : List.of("occurredAt", "startsAt", "endsAt")) {
            String cell = row.value(field);
            if (cell == null) {
                continue;
            }
            Instant at = ImportCells.instant(cell);
            if (at == null) {
                return Merged.problem(field + ": must be a date and time such as 2026-11-23T10:15:00Z");
            }
            switch (field) {
                case "occurredAt" -> occurredAt = at;
                case "startsAt" -> startsAt = at;
                default -> endsAt = at;
            }
        }
        LinkedHashSet<UUID> contacts = new LinkedHashSet<>(base == null ? List.of() : base.contactIds());
        contacts.addAll(named.contactIds());
        Map<String, String> externalIds = base == null ? Map.of() : base.externalIds();
        return new Merged(
                new ActivityDetails(
                        type,
                        ImportCells.or(row.value("subject"), base == null ? null : base.subject()),
                        ImportCells.or(row.value("body"), base == null ? null : base.body()),
                        occurredAt,
                        List.copyOf(contacts),
                        named.companyId() != null ? named.companyId() : base == null ? null : base.companyId(),
                        named.dealId() != null ? named.dealId() : base == null ? null : base.dealId(),
                        direction,
                        duration,
                        outcome,
                        ImportCells.or(row.value("from"), base == null ? null : base.from()),
                        added(base == null ? List.of() : base.to(), ImportCells.split(row, "to")),
                        added(base == null ? List.of() : base.cc(), ImportCells.split(row, "cc")),
                        base == null ? null : base.messageId(),
                        base == null ? null : base.threadId(),
                        startsAt,
                        endsAt,
                        base == null ? List.of() : base.attendees(),
                        ImportCells.or(row.value("location"), base == null ? null : base.location()),
                        ImportCells.externalIds(row, externalIds)),
                externalIds,
                null);
    }

    /** A property path as the file knows it: {@code to[1].<list element>} is the to column. */
    private static String columnOf(String path) {
        int index = path.indexOf('[');
        return index < 0 ? path : path.substring(0, index);
    }

    private static List<String> added(List<String> base, List<String> more) {
        List<String> all = new ArrayList<>(base);
        more.stream().filter(v -> !all.contains(v)).forEach(all::add);
        return all;
    }
}
