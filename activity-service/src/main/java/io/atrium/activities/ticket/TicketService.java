package io.atrium.activities.ticket;

import io.atrium.platform.access.People;
import io.atrium.platform.access.ReassignmentRequested;
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
import io.atrium.platform.web.ConditionalRequests;
import io.atrium.platform.web.CursorCodec;
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
import java.util.Objects;
import java.util.UUID;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.JsonNode;

/** Ticket use cases: each write runs in one transaction with the one event it causes. */
@Service
public class TicketService {

    static final Map<String, String[]> SORTS = Map.of(
            "created", new String[] {"t.created_at", "timestamptz"},
            "updated", new String[] {"t.updated_at", "timestamptz"},
            "resolutionDue", new String[] {"t.resolution_due_at", "timestamptz"},
            "number", new String[] {"t.number", "bigint"});

    private final TicketRepository tickets;
    private final ReferenceDirectory references;
    private final SlaPolicies sla;
    private final EventOutbox outbox;
    private final MergePatchBinder binder;
    private final CursorCodec cursors;
    private final Clock clock;
    private final People people;
    private final RecordAccess access;

    TicketService(
            TicketRepository tickets,
            ReferenceDirectory references,
            SlaPolicies sla,
            EventOutbox outbox,
            MergePatchBinder binder,
            CursorCodec cursors,
            Clock clock,
            People people,
            RecordAccess access) {
        this.tickets = tickets;
        this.references = references;
        this.sla = sla;
        this.outbox = outbox;
        this.binder = binder;
        this.cursors = cursors;
        this.clock = clock;
        this.people = people;
        this.access = access;
    }

    /**
     * Opens a ticket. Its assignee must be a known active user and its team a directory team; the caller must be
     * allowed to change the ticket they open (else 403), e.g. support opens tickets of its own team.
     */
    @Transactional
    public TicketView open(NewTicket body, String actor) {
        TicketDetails details = body.details();
        binder.validate(details);
        String assignee = blankAsNull(body.assignee());
        String team = blankAsNull(details.team());
        people.requireKnown(
                List.of(new People.UserField("assignee", assignee)), List.of(new People.TeamField("team", team)));
        if (!access.write(RecordType.TICKET).permits(assignee == null ? actor : assignee, team)) {
            throw ProblemException.forbidden(
                    "record-access", "Your roles do not let you open a ticket for this assignee and team");
        }
        references.requireKnown(references(details, null));
        Ticket ticket = Ticket.open(
                TimeOrderedIds.next(),
                tickets.nextNumber(),
                details,
                body.assignee(),
                sla,
                actor,
                Timestamps.now(clock));
        tickets.insert(ticket);
        outbox.appendAll(ticket.pullEvents());
        return ticket.view();
    }

    /** A ticket the caller may not see does not exist for them (404). */
    @Transactional(readOnly = true)
    public TicketView get(UUID id) {
        return readable(id).view();
    }

    /** Tickets among {@code ids} the caller may see, for the timeline. */
    @Transactional(readOnly = true)
    public List<TicketView> find(Collection<UUID> ids) {
        Scope scope = access.read(RecordType.TICKET);
        return tickets.find(ids).stream()
                .filter(t -> scope.permits(owner(t), t.details().team()))
                .map(Ticket::view)
                .toList();
    }

    @Transactional
    public TicketView update(UUID id, Long expectedVersion, JsonNode patch, String actor) {
        Ticket ticket = locked(id);
        ConditionalRequests.check(expectedVersion, ticket.version());
        TicketDetails current = ticket.details();
        TicketDetails next = binder.apply(current, patch, TicketDetails.class);
        String nextTeam = blankAsNull(next.team());
        if (nextTeam != null && !nextTeam.equals(current.team())) {
            people.requireKnown(List.of(), List.of(new People.TeamField("team", nextTeam)));
        }
        if (ticket.update(next, sla, actor, Timestamps.now(clock))) {
            references.requireKnown(references(next, current));
            save(ticket);
        }
        return ticket.view();
    }

    /** Reopening a resolved ticket is for its owner, their manager and admins. */
    @Transactional
    public TicketView moveTo(UUID id, Long expectedVersion, TicketStatus status, String actor) {
        Ticket ticket = locked(id);
        ConditionalRequests.check(expectedVersion, ticket.version());
        if (ticket.status() == TicketStatus.RESOLVED && status == TicketStatus.OPEN) {
            access.requireOwnerOrManager(RecordType.TICKET, owner(ticket), "reopen it");
        }
        if (ticket.moveTo(status, actor, Timestamps.now(clock))) {
            save(ticket);
        }
        return ticket.view();
    }

    /**
     * Assigns the ticket. Anyone who may change it picks up an unassigned one; taking it from its assignee is for the
     * assignee, their manager and admins. A new assignee must be a known active user, a new team a directory team.
     */
    @Transactional
    public TicketView assign(UUID id, Long expectedVersion, String assignee, String team, String actor) {
        Ticket ticket = locked(id);
        ConditionalRequests.check(expectedVersion, ticket.version());
        String nextAssignee = blankAsNull(assignee);
        String nextTeam = blankAsNull(team);
        if (ticket.assignee() != null && !ticket.assignee().equals(nextAssignee)) {
            access.requireOwnerOrManager(RecordType.TICKET, ticket.assignee(), "reassign it");
        }
        people.requireKnown(
                Objects.equals(nextAssignee, ticket.assignee())
                        ? List.of()
                        : List.of(new People.UserField("assignee", nextAssignee)),
                nextTeam == null || nextTeam.equals(ticket.details().team())
                        ? List.of()
                        : List.of(new People.TeamField("team", nextTeam)));
        if (ticket.assign(assignee, team, actor, Timestamps.now(clock))) {
            save(ticket);
        }
        return ticket.view();
    }

    @Transactional
    public TicketMessage reply(UUID id, Visibility visibility, String body, String actor) {
        Ticket ticket = locked(id);
        TicketMessage message = ticket.reply(visibility, body, actor, Timestamps.now(clock));
        save(ticket);
        return message;
    }

    /** Messages and status history are read oldest first: one keyset sort each, bound into their cursors. */
    static final Map<String, String[]> MESSAGE_SORT = Map.of("created", new String[] {"created_at", "timestamptz"});

    static final Map<String, String[]> HISTORY_SORT = Map.of("changedAt", new String[] {"changed_at", "timestamptz"});

    /** One page of the ticket's messages, oldest first; internal comments only when {@code includeInternal}. */
    @Transactional(readOnly = true)
    public Page<TicketMessage> messages(UUID id, boolean includeInternal, Integer limit, String after) {
        int size = Page.limit(limit);
        readable(id);
        Sorting sorting = Sorting.parse(null, "created", MESSAGE_SORT);
        return keyed(tickets.messages(id, includeInternal, sorting, after, size + 1, cursors), size, sorting);
    }

    /** One page of the ticket's status history, oldest first. */
    @Transactional(readOnly = true)
    public Page<StatusChange> history(UUID id, Integer limit, String after) {
        int size = Page.limit(limit);
        readable(id);
        Sorting sorting = Sorting.parse(null, "changedAt", HISTORY_SORT);
        return keyed(tickets.history(id, sorting, after, size + 1, cursors), size, sorting);
    }

    private <T> Page<T> keyed(List<TicketRepository.Keyed<T>> fetched, int size, Sorting sorting) {
        return Page.of(fetched, size, k -> sorting.position(k.sortKey(), k.id()), cursors)
                .map(TicketRepository.Keyed::item);
    }

    @Transactional(readOnly = true)
    public Page<TicketView> list(TicketRepository.Filter filter, String sort, Integer limit, String after) {
        int size = Page.limit(limit);
        Sorting sorting = Sorting.parse(sort, "-created", SORTS);
        return Page.of(
                        tickets.list(filter, access.read(RecordType.TICKET), sorting, after, size, cursors),
                        size,
                        l -> sorting.position(l.sortKey(), l.ticket().id()),
                        cursors)
                .map(l -> l.ticket().view());
    }

    /** A requester erased upstream: their tickets lose their personal data (docs/privacy.md). */
    @EventListener
    @Transactional
    public void on(ReferenceRemoved removed) {
        if (removed.kind() != ReferenceKind.CONTACT || !removed.erased()) {
            return;
        }
        Instant now = Timestamps.now(clock);
        for (Ticket ticket : tickets.requestedBy(removed.id())) {
            if (ticket.eraseRequester(removed.id(), "activity-service", now)) {
                outbox.forget(ticket.id().toString());
                save(ticket);
            }
        }
    }

    /**
     * A contact or company merged into another upstream: every ticket it requested or belongs to refers to the
     * survivor instead, in the transaction that applies that event, each publishing its update.
     */
    @EventListener
    @Transactional
    public void on(io.atrium.platform.references.ReferenceMerged merged) {
        if (merged.kind() == ReferenceKind.DEAL) {
            return;
        }
        Instant now = Timestamps.now(clock);
        for (Ticket ticket : tickets.referencing(merged.id())) {
            if (ticket.repoint(merged.id(), merged.survivorId(), "activity-service", now)) {
                save(ticket);
            }
        }
    }

    /**
     * An admin moved {@code fromSubject}'s records to {@code toSubject}: their tickets still being worked (new, open,
     * pending) change assignee through the aggregate, one {@code crm.ticket.assigned} each, in this transaction.
     */
    @EventListener
    @Transactional
    public void on(ReassignmentRequested request) {
        String actor = request.requestedBy() == null ? "directory-service" : request.requestedBy();
        Instant now = Timestamps.now(clock);
        for (Ticket ticket : tickets.workedBy(request.fromSubject())) {
            if (ticket.assign(request.toSubject(), null, actor, now)) {
                save(ticket);
            }
        }
    }

    /** Whose a ticket is: its assignee, else its creator's. */
    static String owner(Ticket ticket) {
        return ticket.assignee() == null ? ticket.createdBy() : ticket.assignee();
    }

    private static String blankAsNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }

    private Ticket readable(UUID id) {
        Ticket ticket = tickets.find(id, false).orElseThrow(() -> ProblemException.notFound("ticket", id));
        access.requireReadable(
                RecordType.TICKET,
                owner(ticket),
                ticket.details().team(),
                () -> ProblemException.notFound("ticket", id));
        return ticket;
    }

    private static List<Reference> references(TicketDetails next, TicketDetails current) {
        List<Reference> refs = new ArrayList<>();
        if (next.requesterContactId() != null
                && (current == null || !Objects.equals(next.requesterContactId(), current.requesterContactId()))) {
            refs.add(new Reference("requesterContactId", ReferenceKind.CONTACT, next.requesterContactId()));
        }
        if (next.companyId() != null && (current == null || !Objects.equals(next.companyId(), current.companyId()))) {
            refs.add(new Reference("companyId", ReferenceKind.COMPANY, next.companyId()));
        }
        return refs;
    }

    /** The ticket, locked, if the caller may change it: 404 if they may not see it, 403 if only see it. */
    private Ticket locked(UUID id) {
        Ticket ticket = tickets.find(id, true).orElseThrow(() -> ProblemException.notFound("ticket", id));
        access.requireWritable(
                RecordType.TICKET,
                owner(ticket),
                ticket.details().team(),
                () -> ProblemException.notFound("ticket", id));
        return ticket;
    }

    private void save(Ticket ticket) {
        tickets.update(ticket);
        outbox.appendAll(ticket.pullEvents());
    }
}
