package io.atrium.activities.task;

import io.atrium.activities.Priority;
import io.atrium.platform.events.AggregateRoot;
import io.atrium.platform.events.Changes;
import io.atrium.platform.web.ProblemException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A follow-up that must not be forgotten. Open tasks complete (recording who and when) or are cancelled; done and
 * cancelled ones reopen. Every write bumps the version and records exactly one {@code crm.task.*} event.
 */
public final class Task extends AggregateRoot<UUID> {

    /** What an erased contact's task is called: staff write names into titles. */
    static final String ERASED_TITLE = "Task (details erased)";

    private TaskDetails details;
    private TaskStatus status;
    private String completedBy;
    private Instant completedAt;

    Task(
            UUID id,
            long version,
            TaskDetails details,
            TaskStatus status,
            String completedBy,
            Instant completedAt,
            String createdBy,
            Instant createdAt,
            String updatedBy,
            Instant updatedAt) {
        super(id, version, createdBy, createdAt, updatedBy, updatedAt);
        this.details = details;
        this.status = status;
        this.completedBy = completedBy;
        this.completedAt = completedAt;
    }

    static Task create(UUID id, TaskDetails details, String actor, Instant now) {
        TaskDetails normalized = normalized(new TaskDetails(
                details.title(),
                details.description(),
                details.dueAt(),
                details.reminderAt(),
                details.priority() == null ? Priority.NORMAL : details.priority(),
                details.assignee() == null || details.assignee().isBlank() ? actor : details.assignee(),
                details.contactIds(),
                details.companyId(),
                details.dealId()));
        Task task = new Task(id, 1, normalized, TaskStatus.OPEN, null, null, actor, now, actor, now);
        task.record(new TaskEvents.TaskChanged(TaskEvents.CREATED, task.view(), null));
        return task;
    }

    /** Applies new details; a change that changes nothing is no change (no version, no event). */
    boolean update(TaskDetails next, String actor, Instant now) {
        if (next.priority() == null) {
            throw ProblemException.invalidField("priority", "must not be null");
        }
        if (next.assignee() == null) {
            throw ProblemException.invalidField("assignee", "must not be null");
        }
        TaskDetails normalized = normalized(next);
        List<String> changed = Changes.between(details, normalized);
        if (changed.isEmpty()) {
            return false;
        }
        TaskDetails previous = details;
        details = normalized;
        changed(actor, now);
        if (changed.contains("dueAt") || changed.contains("reminderAt")) {
            record(new TaskEvents.DueChanged(view(), changed, previous.dueAt(), previous.reminderAt()));
        } else {
            record(new TaskEvents.TaskChanged(TaskEvents.UPDATED, view(), changed));
        }
        return true;
    }

    /**
     * Refers to the survivor wherever it referred to a contact or company merged into it, whatever the task's status;
     * recorded as an update. Returns whether anything changed.
     */
    boolean repoint(UUID mergedId, UUID survivorId, String actor, Instant now) {
        TaskDetails next = new TaskDetails(
                details.title(),
                details.description(),
                details.dueAt(),
                details.reminderAt(),
                details.priority(),
                details.assignee(),
                details.contactIds().stream()
                        .map(id -> id.equals(mergedId) ? survivorId : id)
                        .distinct()
                        .toList(),
                mergedId.equals(details.companyId()) ? survivorId : details.companyId(),
                details.dealId());
        List<String> changed = Changes.between(details, next);
        if (changed.isEmpty()) {
            return false;
        }
        details = next;
        changed(actor, now);
        record(new TaskEvents.TaskChanged(TaskEvents.UPDATED, view(), changed));
        return true;
    }

    /** Gives an open task to another assignee (a bulk reassignment); done and cancelled ones keep theirs. */
    boolean reassign(String to, String actor, Instant now) {
        if (status != TaskStatus.OPEN || to.equals(details.assignee())) {
            return false;
        }
        details = new TaskDetails(
                details.title(),
                details.description(),
                details.dueAt(),
                details.reminderAt(),
                details.priority(),
                to,
                details.contactIds(),
                details.companyId(),
                details.dealId());
        changed(actor, now);
        record(new TaskEvents.TaskChanged(TaskEvents.UPDATED, view(), List.of("assignee")));
        return true;
    }

    void complete(String actor, Instant now) {
        requireOpen("complete");
        status = TaskStatus.DONE;
        completedBy = actor;
        completedAt = now;
        changed(actor, now);
        record(new TaskEvents.TaskChanged(TaskEvents.COMPLETED, view(), null));
    }

    void cancel(String actor, Instant now) {
        requireOpen("cancel");
        status = TaskStatus.CANCELLED;
        changed(actor, now);
        record(new TaskEvents.TaskChanged(TaskEvents.UPDATED, view(), List.of("status")));
    }

    void reopen(String actor, Instant now) {
        if (status == TaskStatus.OPEN) {
            throw ProblemException.conflict(
                    "task-open", "Task " + id() + " is open; only a done or cancelled task can be reopened", Map.of());
        }
        status = TaskStatus.OPEN;
        completedBy = null;
        completedAt = null;
        changed(actor, now);
        record(new TaskEvents.TaskChanged(TaskEvents.REOPENED, view(), null));
    }

    /** Removes an erased contact: their link, the description, and a title that may name them. */
    boolean erase(UUID contactId, String actor, Instant now) {
        TaskDetails next = details.withoutContact(contactId);
        next = new TaskDetails(
                ERASED_TITLE,
                null,
                next.dueAt(),
                next.reminderAt(),
                next.priority(),
                next.assignee(),
                next.contactIds(),
                next.companyId(),
                next.dealId());
        List<String> changed = Changes.between(details, next);
        if (changed.isEmpty()) {
            return false;
        }
        details = next;
        changed(actor, now);
        record(new TaskEvents.TaskChanged(TaskEvents.UPDATED, view(), changed));
        return true;
    }

    public TaskView view() {
        TaskDetails d = details;
        return new TaskView(
                id(),
                version(),
                d.title(),
                d.description(),
                d.dueAt(),
                d.reminderAt(),
                d.priority(),
                d.assignee(),
                status,
                d.contactIds(),
                d.companyId(),
                d.dealId(),
                completedBy,
                completedAt,
                createdBy(),
                createdAt(),
                updatedBy(),
                updatedAt());
    }

    TaskDetails details() {
        return details;
    }

    TaskStatus status() {
        return status;
    }

    String completedBy() {
        return completedBy;
    }

    Instant completedAt() {
        return completedAt;
    }

    private void requireOpen(String action) {
        if (status != TaskStatus.OPEN) {
            throw ProblemException.conflict(
                    "task-closed",
                    "Task " + id() + " is " + status.wire() + "; only an open task can " + action
                            + " (reopen it first)",
                    Map.of("status", status.wire()));
        }
    }

    private static TaskDetails normalized(TaskDetails d) {
        Instant dueAt = micros(d.dueAt());
        Instant reminderAt = micros(d.reminderAt());
        if (dueAt != null && reminderAt != null && reminderAt.isAfter(dueAt)) {
            throw ProblemException.invalidField("reminderAt", "must not be after dueAt");
        }
        return new TaskDetails(
                d.title().strip(),
                d.description() == null || d.description().isBlank()
                        ? null
                        : d.description().strip(),
                dueAt,
                reminderAt,
                d.priority(),
                d.assignee().strip(),
                d.contactIds(),
                d.companyId(),
                d.dealId());
    }

    private static Instant micros(Instant value) {
        return value == null ? null : value.truncatedTo(ChronoUnit.MICROS);
    }
}
