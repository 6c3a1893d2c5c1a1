package io.atrium.activities.activity;

import io.atrium.activities.Links;
import io.atrium.platform.access.RecordAccess;
import io.atrium.platform.access.RecordType;
import io.atrium.platform.access.Scope;
import io.atrium.platform.events.EventOutbox;
import io.atrium.platform.events.TimeOrderedIds;
import io.atrium.platform.jdbc.Timestamps;
import io.atrium.platform.references.Reference;
import io.atrium.platform.references.ReferenceDirectory;
import io.atrium.platform.references.ReferenceKind;
import io.atrium.platform.references.ReferenceRemoved;
import io.atrium.platform.web.BatchRequests;
import io.atrium.platform.web.ConditionalRequests;
import io.atrium.platform.web.CursorCodec;
import io.atrium.platform.web.IdempotentRequests;
import io.atrium.platform.web.MergePatchBinder;
import io.atrium.platform.web.Page;
import io.atrium.platform.web.ProblemException;
import io.atrium.platform.web.Sorting;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.JsonNode;

/** Communication-log use cases: each write runs in one transaction with the one event it causes. */
@Service
public class ActivityService implements BatchRequests.Operations<ActivityDetails> {

    static final Map<String, String[]> SORTS = Map.of(
            "occurred", new String[] {"a.occurred_at", "timestamptz"},
            "created", new String[] {"a.created_at", "timestamptz"});

    private final ActivityRepository activities;
    private final ContactAddresses addresses;
    private final ReferenceDirectory references;
    private final EventOutbox outbox;
    private final MergePatchBinder binder;
    private final CursorCodec cursors;
    private final IdempotentRequests idempotency;
    private final Clock clock;
    private final RecordAccess access;

    ActivityService(
            ActivityRepository activities,
            ContactAddresses addresses,
            ReferenceDirectory references,
            EventOutbox outbox,
            MergePatchBinder binder,
            CursorCodec cursors,
            IdempotentRequests idempotency,
            Clock clock,
            RecordAccess access) {
        this.activities = activities;
        this.addresses = addresses;
        this.references = references;
        this.outbox = outbox;
        this.binder = binder;
        this.cursors = cursors;
        this.idempotency = idempotency;
        this.clock = clock;
        this.access = access;
    }

    @Override
    public Class<ActivityDetails> details() {
        return ActivityDetails.class;
    }

    /** A batch's create: logging an activity. */
    @Override
    @Transactional
    public ActivityView create(ActivityDetails details, String actor) {
        return log(details, actor);
    }

    @Transactional
    public ActivityView log(ActivityDetails details, String actor) {
        binder.validate(details);
        Activity activity = Activity.log(TimeOrderedIds.next(), details, actor, Timestamps.now(clock));
        ActivityDetails d = activity.details();
        List<Reference> refs = new ArrayList<>(Links.references(d.contactIds(), d.companyId(), d.dealId()));
        refs.addAll(attendeeReferences(d.attendees(), List.of()));
        references.requireKnown(refs);
        activities.insert(activity);
        claimExternalIds(activity);
        outbox.appendAll(activity.pullEvents());
        return activity.view();
    }

    /**
     * The live activity with one of {@code details}' external ids (activities have no other natural key), changed by
     * the fields {@code patch} sets; or a new activity logged from {@code details} when none has them.
     */
    @Override
    @Transactional
    public BatchRequests.Upserted upsert(ActivityDetails details, JsonNode patch, String actor) {
        if (details.externalIds().isEmpty()) {
            throw ProblemException.invalidField(
                    "externalIds", "an upsert finds the activity by its id in another system: give at least one");
        }
        return activities
                .externalIds()
                .findAny(details.externalIds())
                .map(id -> new BatchRequests.Upserted(update(id, null, patch, actor), false))
                .orElseGet(() -> new BatchRequests.Upserted(log(details, actor), true));
    }

    /** An activity the caller may not see does not exist for them (404). */
    @Transactional(readOnly = true)
    public ActivityView get(UUID id) {
        Activity activity = activities
                .find(id, false)
                .filter(a -> a.deletedAt() == null)
                .orElseThrow(() -> ProblemException.notFound("activity", id));
        access.requireReadable(
                RecordType.ACTIVITY, activity.createdBy(), null, () -> ProblemException.notFound("activity", id));
        return activity.view();
    }

    /** Live activities among {@code ids} the caller may see, for the timeline. */
    @Transactional(readOnly = true)
    public List<ActivityView> find(Collection<UUID> ids) {
        Scope scope = access.read(RecordType.ACTIVITY);
        return activities.findLive(ids).stream()
                .filter(a -> scope.permits(a.createdBy()))
                .map(Activity::view)
                .toList();
    }

    /**
     * Changes an activity in the caller's write scope: by default its author's (own), their manager's and admins'
     * (docs/security.md).
     */
    @Transactional
    @Override
    public ActivityView update(UUID id, Long expectedVersion, JsonNode patch, String actor) {
        Activity activity = editable(id);
        ConditionalRequests.check(expectedVersion, activity.version());
        ActivityDetails current = activity.details();
        ActivityDetails next = binder.apply(current, patch, ActivityDetails.class);
        List<Reference> added = new ArrayList<>(Links.added(
                current.contactIds(),
                current.companyId(),
                current.dealId(),
                next.contactIds(),
                next.companyId(),
                next.dealId()));
        added.addAll(attendeeReferences(next.attendees(), current.attendees()));
        if (activity.update(next, actor, Timestamps.now(clock))) {
            references.requireKnown(added);
            activities.update(activity);
            if (!next.externalIds().equals(current.externalIds())) {
                claimExternalIds(activity);
            }
            outbox.appendAll(activity.pullEvents());
        }
        return activity.view();
    }

    /** Deleting is for the author, their manager and admins, whatever the write scope. */
    @Transactional
    public void delete(UUID id, Long expectedVersion, String actor) {
        Activity activity = editable(id);
        access.requireOwnerOrManager(RecordType.ACTIVITY, activity.createdBy(), "delete it");
        ConditionalRequests.check(expectedVersion, activity.version());
        activity.delete(actor, Timestamps.now(clock));
        activities.update(activity);
        claimExternalIds(activity);
        outbox.appendAll(activity.pullEvents());
    }

    /** Claims the activity's ids in other systems (a deleted one releases them): a 409 when another holds one. */
    private void claimExternalIds(Activity activity) {
        activities
                .externalIds()
                .claim(activity.id(), activity.details().externalIds(), activity.deletedAt() == null)
                .ifPresent(held -> {
                    throw io.atrium.platform.jdbc.ExternalIdClaims.duplicate("activity", "/api/v1/activities/", held);
                });
    }

    @Transactional(readOnly = true)
    public Page<ActivityView> list(ActivityRepository.Filter filter, String sort, Integer limit, String after) {
        int size = Page.limit(limit);
        Sorting sorting = Sorting.parse(sort, "-occurred", SORTS);
        return Page.of(
                        activities.list(filter, access.read(RecordType.ACTIVITY), sorting, after, size, cursors),
                        size,
                        l -> sorting.position(l.sortKey(), l.activity().id()),
                        cursors)
                .map(l -> l.activity().view());
    }

    /**
     * A contact erased upstream: every activity that names them loses their personal data (docs/privacy.md), in the
     * transaction that applies the erasure; then their addresses are forgotten. Stored idempotent responses of the
     * scrubbed activities go too (one found by an address alone does not mention the contact's id). Deletions change
     * nothing here: the log keeps its history and the name simply stops resolving.
     */
    @EventListener
    @Transactional
    public void on(ReferenceRemoved removed) {
        if (removed.kind() != ReferenceKind.CONTACT || !removed.erased()) {
            return;
        }
        Set<String> theirs = addresses.of(removed.id());
        Instant now = Timestamps.now(clock);
        List<UUID> scrubbed = new ArrayList<>();
        for (Activity activity : activities.naming(removed.id(), theirs)) {
            if (activity.erase(removed.id(), theirs, "activity-service", now)) {
                // Events not yet relayed still carry the data: they go, and the scrubbed state is what follows.
                outbox.forget(activity.id().toString());
                activities.update(activity);
                outbox.appendAll(activity.pullEvents());
                scrubbed.add(activity.id());
            }
        }
        idempotency.forgetMentioning(scrubbed);
        addresses.forget(removed.id());
    }

    /**
     * A contact or company merged into another upstream: every activity that links it links the survivor instead, in
     * the transaction that applies that event (live ones publish their update). The duplicate's addresses are
     * forgotten; the survivor's arrive with its own update.
     */
    @EventListener
    @Transactional
    public void on(io.atrium.platform.references.ReferenceMerged merged) {
        if (merged.kind() == ReferenceKind.DEAL) {
            return;
        }
        Instant now = Timestamps.now(clock);
        for (Activity activity : activities.referencing(merged.id())) {
            if (activity.repoint(merged.id(), merged.survivorId(), "activity-service", now)) {
                activities.update(activity);
                outbox.appendAll(activity.pullEvents());
            }
        }
        if (merged.kind() == ReferenceKind.CONTACT) {
            addresses.forget(merged.id());
        }
    }

    private Activity editable(UUID id) {
        Activity activity = activities
                .find(id, true)
                .filter(a -> a.deletedAt() == null)
                .orElseThrow(() -> ProblemException.notFound("activity", id));
        access.requireWritable(
                RecordType.ACTIVITY, activity.createdBy(), null, () -> ProblemException.notFound("activity", id));
        return activity;
    }

    private static List<Reference> attendeeReferences(List<Attendee> attendees, List<Attendee> known) {
        List<UUID> knownIds = known.stream().map(Attendee::contactId).toList();
        List<Reference> refs = new ArrayList<>();
        for (int i = 0; i < attendees.size(); i++) {
            UUID contactId = attendees.get(i).contactId();
            if (contactId != null && !knownIds.contains(contactId)) {
                refs.add(new Reference("attendees[" + i + "].contactId", ReferenceKind.CONTACT, contactId));
            }
        }
        return refs;
    }
}
