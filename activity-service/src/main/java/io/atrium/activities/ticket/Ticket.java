package io.atrium.activities.ticket;

import io.atrium.platform.events.AggregateRoot;
import io.atrium.platform.events.Changes;
import io.atrium.platform.events.TimeOrderedIds;
import io.atrium.platform.web.ProblemException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * A support ticket. Status moves are guarded ({@link TicketStatus#next}; closed is final), a public reply meets the
 * first-response target, resolving meets the resolution target, and a priority change recomputes the targets still
 * running. Every write bumps the version and records exactly one {@code crm.ticket.*} event; a breach found by the
 * detector records {@code sla-breached} once per target.
 */
public final class Ticket extends AggregateRoot<UUID> {

    static final String ERASED_SUBJECT = "Ticket (details erased)";

    private final long number;
    private TicketDetails details;
    private TicketStatus status;
    private String assignee;
    private SlaPolicies.Targets targets;
    private Instant firstRespondedAt;
    private Instant resolvedAt;
    private Instant closedAt;
    private Instant firstResponseBreachedAt;
    private Instant resolutionBreachedAt;
    private boolean redacted;
    private final List<TicketMessage> newMessages = new ArrayList<>();
    private final List<StatusChange> statusChanges = new ArrayList<>();
    private boolean messagesErased;

    Ticket(
            UUID id,
            long number,
            long version,
            TicketDetails details,
            TicketStatus status,
            String assignee,
            SlaPolicies.Targets targets,
            Instant firstRespondedAt,
            Instant resolvedAt,
            Instant closedAt,
            Instant firstResponseBreachedAt,
            Instant resolutionBreachedAt,
            boolean redacted,
            String createdBy,
            Instant createdAt,
            String updatedBy,
            Instant updatedAt) {
        super(id, version, createdBy, createdAt, updatedBy, updatedAt);
        this.number = number;
        this.details = details;
        this.status = status;
        this.assignee = assignee;
        this.targets = targets;
        this.firstRespondedAt = firstRespondedAt;
        this.resolvedAt = resolvedAt;
        this.closedAt = closedAt;
        this.firstResponseBreachedAt = firstResponseBreachedAt;
        this.resolutionBreachedAt = resolutionBreachedAt;
        this.redacted = redacted;
    }

    static Ticket open(
            UUID id, long number, TicketDetails details, String assignee, SlaPolicies sla, String actor, Instant now) {
        TicketDetails normalized = details.normalized();
        Ticket ticket = new Ticket(
                id,
                number,
                1,
                normalized,
                TicketStatus.NEW,
                assignee == null || assignee.isBlank() ? null : assignee.strip(),
                sla.targets(normalized.priority(), now),
                null,
                null,
                null,
                null,
                null,
                false,
                actor,
                now,
                actor,
                now);
        ticket.statusChanges.add(new StatusChange(TimeOrderedIds.next(), id, null, TicketStatus.NEW, actor, now));
        ticket.record(new TicketEvents.TicketChanged(TicketEvents.CREATED, ticket.view(), null));
        return ticket;
    }

    /** Applies new details; a new priority recomputes the targets not yet met. Nothing changed: no event. */
    boolean update(TicketDetails next, SlaPolicies sla, String actor, Instant now) {
        requireNotClosed("be edited");
        TicketDetails normalized = next.normalized();
        List<String> changed = new ArrayList<>(Changes.between(details, normalized));
        if (changed.isEmpty()) {
            return false;
        }
        if (normalized.priority() != details.priority()) {
            SlaPolicies.Targets recomputed = sla.targets(normalized.priority(), createdAt());
            SlaPolicies.Targets kept = new SlaPolicies.Targets(
                    firstRespondedAt == null ? recomputed.firstResponseDueAt() : targets.firstResponseDueAt(),
                    resolvedAt == null ? recomputed.resolutionDueAt() : targets.resolutionDueAt());
            if (!kept.firstResponseDueAt().equals(targets.firstResponseDueAt())) {
                changed.add("firstResponseDueAt");
            }
            if (!kept.resolutionDueAt().equals(targets.resolutionDueAt())) {
                changed.add("resolutionDueAt");
            }
            targets = kept;
        }
        details = normalized;
        changed(actor, now);
        record(new TicketEvents.TicketChanged(TicketEvents.UPDATED, view(), changed));
        return true;
    }

    /** Moves to another status; to its own status changes nothing. Resolving meets the resolution target. */
    boolean moveTo(TicketStatus to, String actor, Instant now) {
        if (to == status) {
            return false;
        }
        if (!status.next().contains(to)) {
            throw ProblemException.conflict(
                    "ticket-status",
                    "Ticket " + id() + " is " + status.wire() + " and cannot become " + to.wire()
                            + (status == TicketStatus.CLOSED
                                    ? ": closed tickets are final; open a follow-up ticket"
                                    : ""),
                    Map.of("status", status.wire()));
        }
        TicketStatus from = status;
        status = to;
        switch (to) {
            case RESOLVED -> resolvedAt = now;
            case CLOSED -> {
                closedAt = now;
                if (resolvedAt == null) {
                    resolvedAt = now;
                }
            }
            default -> resolvedAt = null;
        }
        statusChanges.add(new StatusChange(TimeOrderedIds.next(), id(), from, to, actor, now));
        changed(actor, now);
        record(new TicketEvents.StatusChanged(view(), from, to));
        return true;
    }

    /** Assigns the ticket to someone (null: nobody) and, if given, a team. Same as now: no change. */
    boolean assign(String newAssignee, String newTeam, String actor, Instant now) {
        requireNotClosed("be assigned");
        String nextAssignee = newAssignee == null || newAssignee.isBlank() ? null : newAssignee.strip();
        String nextTeam = newTeam == null ? details.team() : newTeam.isBlank() ? null : newTeam.strip();
        if (Objects.equals(nextAssignee, assignee) && Objects.equals(nextTeam, details.team())) {
            return false;
        }
        String previousAssignee = assignee;
        String previousTeam = details.team();
        assignee = nextAssignee;
        details = new TicketDetails(
                details.subject(),
                details.description(),
                details.priority(),
                details.channel(),
                details.requesterContactId(),
                details.companyId(),
                nextTeam);
        changed(actor, now);
        record(new TicketEvents.Assigned(view(), previousAssignee, previousTeam));
        return true;
    }

    /** Adds a public reply or internal comment; the first public reply meets the first-response target. */
    TicketMessage reply(Visibility visibility, String body, String actor, Instant now) {
        requireNotClosed("take replies");
        TicketMessage message = new TicketMessage(TimeOrderedIds.next(), id(), visibility, body.strip(), actor, now);
        boolean first = visibility == Visibility.PUBLIC && firstRespondedAt == null;
        if (first) {
            firstRespondedAt = now;
        }
        newMessages.add(message);
        changed(actor, now);
        record(new TicketEvents.Replied(view(), message, first));
        return message;
    }

    /**
     * Records each running target that is past due and not yet breached — once: a breached target stays breached.
     * Returns how many breaches it recorded.
     */
    int breach(Instant now, String actor) {
        int breaches = 0;
        if (status.done()) {
            return 0;
        }
        if (firstRespondedAt == null
                && firstResponseBreachedAt == null
                && !targets.firstResponseDueAt().isAfter(now)) {
            firstResponseBreachedAt = now;
            changed(actor, now);
            record(new TicketEvents.SlaBreached(view(), SlaTarget.FIRST_RESPONSE, targets.firstResponseDueAt(), now));
            breaches++;
        }
        if (resolutionBreachedAt == null && !targets.resolutionDueAt().isAfter(now)) {
            resolutionBreachedAt = now;
            changed(actor, now);
            record(new TicketEvents.SlaBreached(view(), SlaTarget.RESOLUTION, targets.resolutionDueAt(), now));
            breaches++;
        }
        return breaches;
    }

    /**
     * Refers to the survivor wherever it referred to a contact (its requester) or company merged into it, whatever
     * the ticket's status; recorded as an update. Returns whether anything changed.
     */
    boolean repoint(UUID mergedId, UUID survivorId, String actor, Instant now) {
        TicketDetails next = new TicketDetails(
                details.subject(),
                details.description(),
                details.priority(),
                details.channel(),
                mergedId.equals(details.requesterContactId()) ? survivorId : details.requesterContactId(),
                mergedId.equals(details.companyId()) ? survivorId : details.companyId(),
                details.team());
        List<String> changed = Changes.between(details, next);
        if (changed.isEmpty()) {
            return false;
        }
        details = next;
        changed(actor, now);
        record(new TicketEvents.TicketChanged(TicketEvents.UPDATED, view(), changed));
        return true;
    }

    /**
     * Removes an erased requester's personal data (docs/privacy.md): the link, subject, description and every message
     * body. Status, priority, times and SLA results stay for reporting.
     */
    boolean eraseRequester(UUID contactId, String actor, Instant now) {
        if (!contactId.equals(details.requesterContactId())) {
            return false;
        }
        TicketDetails next = new TicketDetails(
                ERASED_SUBJECT, null, details.priority(), details.channel(), null, details.companyId(), details.team());
        List<String> changed = new ArrayList<>(Changes.between(details, next));
        changed.add("messages");
        changed.add("redacted");
        details = next;
        redacted = true;
        messagesErased = true;
        changed(actor, now);
        record(new TicketEvents.TicketChanged(TicketEvents.UPDATED, view(), changed));
        return true;
    }

    public TicketView view() {
        return new TicketView(
                id(),
                number,
                version(),
                details.subject(),
                details.description(),
                status,
                details.priority(),
                details.channel(),
                details.requesterContactId(),
                details.companyId(),
                assignee,
                details.team(),
                targets.firstResponseDueAt(),
                targets.resolutionDueAt(),
                firstRespondedAt,
                resolvedAt,
                closedAt,
                firstResponseBreachedAt,
                resolutionBreachedAt,
                redacted,
                createdBy(),
                createdAt(),
                updatedBy(),
                updatedAt());
    }

    List<TicketMessage> pullMessages() {
        List<TicketMessage> pulled = List.copyOf(newMessages);
        newMessages.clear();
        return pulled;
    }

    List<StatusChange> pullStatusChanges() {
        List<StatusChange> pulled = List.copyOf(statusChanges);
        statusChanges.clear();
        return pulled;
    }

    boolean messagesErased() {
        return messagesErased;
    }

    long number() {
        return number;
    }

    TicketDetails details() {
        return details;
    }

    TicketStatus status() {
        return status;
    }

    String assignee() {
        return assignee;
    }

    SlaPolicies.Targets targets() {
        return targets;
    }

    Instant firstRespondedAt() {
        return firstRespondedAt;
    }

    Instant resolvedAt() {
        return resolvedAt;
    }

    Instant closedAt() {
        return closedAt;
    }

    Instant firstResponseBreachedAt() {
        return firstResponseBreachedAt;
    }

    Instant resolutionBreachedAt() {
        return resolutionBreachedAt;
    }

    boolean redacted() {
        return redacted;
    }

    private void requireNotClosed(String action) {
        if (status == TicketStatus.CLOSED) {
            throw ProblemException.conflict(
                    "ticket-closed",
                    "Ticket " + id() + " is closed and cannot " + action + "; open a follow-up ticket",
                    Map.of("status", status.wire()));
        }
    }
}
