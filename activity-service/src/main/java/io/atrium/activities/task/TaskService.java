package io.atrium.activities.task;

import io.atrium.activities.Links;
import io.atrium.platform.access.People;
import io.atrium.platform.access.ReassignmentRequested;
import io.atrium.platform.access.RecordAccess;
import io.atrium.platform.access.RecordType;
import io.atrium.platform.access.Scope;
import io.atrium.platform.events.EventOutbox;
import io.atrium.platform.events.TimeOrderedIds;
import io.atrium.platform.jdbc.Timestamps;
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
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.JsonNode;

/** Task use cases: each write runs in one transaction with the one event it causes. */
@Service
public class TaskService {

    static final Map<String, String[]> SORTS = Map.of(
            "due", new String[] {"coalesce(t.due_at, 'infinity'::timestamptz)", "timestamptz"},
            "created", new String[] {"t.created_at", "timestamptz"},
            "updated", new String[] {"t.updated_at", "timestamptz"});

    /** The "my tasks" views: open tasks by when they are due, in the caller's time zone. */
    enum View {
        OVERDUE,
        TODAY,
        UPCOMING
    }

    private final TaskRepository tasks;
    private final ReferenceDirectory references;
    private final EventOutbox outbox;
    private final MergePatchBinder binder;
    private final CursorCodec cursors;
    private final Clock clock;
    private final People people;
    private final RecordAccess access;

    TaskService(
            TaskRepository tasks,
            ReferenceDirectory references,
            EventOutbox outbox,
            MergePatchBinder binder,
            CursorCodec cursors,
            Clock clock,
            People people,
            RecordAccess access) {
        this.tasks = tasks;
        this.references = references;
        this.outbox = outbox;
        this.binder = binder;
        this.cursors = cursors;
        this.clock = clock;
        this.people = people;
        this.access = access;
    }

    /**
     * Creates a task. A given assignee must be a known active user — anyone: handing work to a colleague of another
     * team (sales asking support to call a customer back) is what tasks are for, and the task is then the assignee's,
     * under their access rules. Without an assignee it is the caller's.
     */
    @Transactional
    public TaskView create(TaskDetails details, String actor) {
        binder.validate(details);
        people.requireKnown(List.of(new People.UserField("assignee", blankAsNull(details.assignee()))), List.of());
        Task task = Task.create(TimeOrderedIds.next(), details, actor, Timestamps.now(clock));
        TaskDetails d = task.details();
        references.requireKnown(Links.references(d.contactIds(), d.companyId(), d.dealId()));
        tasks.insert(task);
        outbox.appendAll(task.pullEvents());
        return task.view();
    }

    /** A task the caller may not see does not exist for them (404). */
    @Transactional(readOnly = true)
    public TaskView get(UUID id) {
        Task task = tasks.find(id, false).orElseThrow(() -> ProblemException.notFound("task", id));
        access.requireReadable(RecordType.TASK, owner(task), null, () -> ProblemException.notFound("task", id));
        return task.view();
    }

    /** Tasks among {@code ids} the caller may see, for the timeline. */
    @Transactional(readOnly = true)
    public List<TaskView> find(Collection<UUID> ids) {
        Scope scope = access.read(RecordType.TASK);
        return tasks.find(ids).stream()
                .filter(t -> scope.permits(owner(t)))
                .map(Task::view)
                .toList();
    }

    /**
     * Changes a task the caller may change (write scope); changing its assignee is for the assignee, their manager
     * and admins, and the new one must be a known active user.
     */
    @Transactional
    public TaskView update(UUID id, Long expectedVersion, JsonNode patch, String actor) {
        Task task = writable(id);
        ConditionalRequests.check(expectedVersion, task.version());
        TaskDetails current = task.details();
        TaskDetails next = binder.apply(current, patch, TaskDetails.class);
        if (next.assignee() != null && !next.assignee().strip().equals(current.assignee())) {
            access.requireOwnerOrManager(RecordType.TASK, owner(task), "reassign it");
            people.requireKnown(
                    List.of(new People.UserField("assignee", next.assignee().strip())), List.of());
        }
        if (task.update(next, actor, Timestamps.now(clock))) {
            references.requireKnown(Links.added(
                    current.contactIds(),
                    current.companyId(),
                    current.dealId(),
                    next.contactIds(),
                    next.companyId(),
                    next.dealId()));
            save(task);
        }
        return task.view();
    }

    @Transactional
    public TaskView complete(UUID id, Long expectedVersion, String actor) {
        return command(id, expectedVersion, t -> t.complete(actor, Timestamps.now(clock)));
    }

    @Transactional
    public TaskView cancel(UUID id, Long expectedVersion, String actor) {
        return command(id, expectedVersion, t -> t.cancel(actor, Timestamps.now(clock)));
    }

    /** Reopening is for the assignee, their manager and admins. */
    @Transactional
    public TaskView reopen(UUID id, Long expectedVersion, String actor) {
        return command(id, expectedVersion, t -> {
            access.requireOwnerOrManager(RecordType.TASK, owner(t), "reopen it");
            t.reopen(actor, Timestamps.now(clock));
        });
    }

    /**
     * Lists tasks, soonest due first by default. A {@code view} lists open tasks — overdue (due before now), today
     * (due from now until midnight in {@code zone}) or upcoming (due after that) — of {@code assignee}.
     */
    @Transactional(readOnly = true)
    public Page<TaskView> list(
            View view, ZoneId zone, TaskRepository.Filter filter, String sort, Integer limit, String after) {
        int size = Page.limit(limit);
        TaskRepository.Filter effective = filter;
        if (view != null) {
            Instant now = Timestamps.now(clock);
            Instant midnight = LocalDate.ofInstant(now, zone)
                    .plusDays(1)
                    .atStartOfDay(zone)
                    .toInstant();
            Instant dueFrom =
                    switch (view) {
                        case OVERDUE -> null;
                        case TODAY -> now;
                        case UPCOMING -> midnight;
                    };
            Instant dueBefore =
                    switch (view) {
                        case OVERDUE -> now;
                        case TODAY -> midnight;
                        case UPCOMING -> null;
                    };
            effective = new TaskRepository.Filter(
                    filter.assignee(),
                    TaskStatus.OPEN,
                    filter.contactId(),
                    filter.companyId(),
                    filter.dealId(),
                    dueFrom,
                    dueBefore);
        }
        Sorting sorting = Sorting.parse(sort, "due", SORTS);
        return Page.of(
                        tasks.list(effective, access.read(RecordType.TASK), sorting, after, size, cursors),
                        size,
                        l -> sorting.position(l.sortKey(), l.task().id()),
                        cursors)
                .map(l -> l.task().view());
    }

    /** A contact erased upstream: their tasks lose the link, the description and the title (docs/privacy.md). */
    @EventListener
    @Transactional
    public void on(ReferenceRemoved removed) {
        if (removed.kind() != ReferenceKind.CONTACT || !removed.erased()) {
            return;
        }
        Instant now = Timestamps.now(clock);
        for (Task task : tasks.linkedTo(removed.id())) {
            if (task.erase(removed.id(), "activity-service", now)) {
                outbox.forget(task.id().toString());
                save(task);
            }
        }
    }

    /**
     * A contact or company merged into another upstream: every task that links it links the survivor instead, in the
     * transaction that applies that event, each publishing its update.
     */
    @EventListener
    @Transactional
    public void on(io.atrium.platform.references.ReferenceMerged merged) {
        if (merged.kind() == ReferenceKind.DEAL) {
            return;
        }
        Instant now = Timestamps.now(clock);
        for (Task task : tasks.referencing(merged.id())) {
            if (task.repoint(merged.id(), merged.survivorId(), "activity-service", now)) {
                save(task);
            }
        }
    }

    /**
     * An admin moved {@code fromSubject}'s records to {@code toSubject}: their open tasks change assignee, each
     * through the aggregate (one {@code crm.task.updated} each), in the transaction that consumes the request.
     */
    @EventListener
    @Transactional
    public void on(ReassignmentRequested request) {
        String actor = request.requestedBy() == null ? "directory-service" : request.requestedBy();
        Instant now = Timestamps.now(clock);
        for (Task task : tasks.openAssignedTo(request.fromSubject())) {
            if (task.reassign(request.toSubject(), actor, now)) {
                save(task);
            }
        }
    }

    private TaskView command(UUID id, Long expectedVersion, Consumer<Task> change) {
        Task task = writable(id);
        ConditionalRequests.check(expectedVersion, task.version());
        change.accept(task);
        save(task);
        return task.view();
    }

    /** The task, locked, if the caller may change it: 404 if they may not see it, 403 if only see it. */
    private Task writable(UUID id) {
        Task task = tasks.find(id, true).orElseThrow(() -> ProblemException.notFound("task", id));
        access.requireWritable(RecordType.TASK, owner(task), null, () -> ProblemException.notFound("task", id));
        return task;
    }

    /** Whose a task is: its assignee (the creator's when created without one). */
    static String owner(Task task) {
        return task.details().assignee() == null
                ? task.createdBy()
                : task.details().assignee();
    }

    private static String blankAsNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }

    private void save(Task task) {
        tasks.update(task);
        outbox.appendAll(task.pullEvents());
    }
}
