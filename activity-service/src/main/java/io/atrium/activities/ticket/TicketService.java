package io.atrium.activities.ticket;

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

    TicketService(
            TicketRepository tickets,
            ReferenceDirectory references,
            SlaPolicies sla,
            EventOutbox outbox,
            MergePatchBinder binder,
            CursorCodec cursors,
            Clock clock) {
        this.tickets = tickets;
        this.references = references;
        this.sla = sla;
        this.outbox = outbox;
        this.binder = binder;
        this.cursors = cursors;
        this.clock = clock;
    }

    @Transactional
    public TicketView open(NewTicket body, String actor) {
        TicketDetails details = body.details();
        binder.validate(details);
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

    @Transactional(readOnly = true)
    public TicketView get(UUID id) {
        return tickets.find(id, false)
                .orElseThrow(() -> ProblemException.notFound("ticket", id))
                .view();
    }

    @Transactional(readOnly = true)
    public List<TicketView> find(Collection<UUID> ids) {
        return tickets.find(ids).stream().map(Ticket::view).toList();
    }

    @Transactional
    public TicketView update(UUID id, Long expectedVersion, JsonNode patch, String actor) {
        Ticket ticket = locked(id);
        ConditionalRequests.check(expectedVersion, ticket.version());
        TicketDetails current = ticket.details();
        TicketDetails next = binder.apply(current, patch, TicketDetails.class);
        if (ticket.update(next, sla, actor, Timestamps.now(clock))) {
            references.requireKnown(references(next, current));
            save(ticket);
        }
        return ticket.view();
    }

    @Transactional
    public TicketView moveTo(UUID id, Long expectedVersion, TicketStatus status, String actor) {
        Ticket ticket = locked(id);
        ConditionalRequests.check(expectedVersion, ticket.version());
        if (ticket.moveTo(status, actor, Timestamps.now(clock))) {
            save(ticket);
        }
        return ticket.view();
    }

    @Transactional
    public TicketView assign(UUID id, Long expectedVersion, String assignee, String team, String actor) {
        Ticket ticket = locked(id);
        ConditionalRequests.check(expectedVersion, ticket.version());
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
        get(id);
        Sorting sorting = Sorting.parse(null, "created", MESSAGE_SORT);
        return keyed(tickets.messages(id, includeInternal, sorting, after, size + 1, cursors), size, sorting);
    }

    /** One page of the ticket's status history, oldest first. */
    @Transactional(readOnly = true)
    public Page<StatusChange> history(UUID id, Integer limit, String after) {
        int size = Page.limit(limit);
        get(id);
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
                        tickets.list(filter, sorting, after, size, cursors),
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

    private Ticket locked(UUID id) {
        return tickets.find(id, true).orElseThrow(() -> ProblemException.notFound("ticket", id));
    }

    private void save(Ticket ticket) {
        tickets.update(ticket);
        outbox.appendAll(ticket.pullEvents());
    }
}
