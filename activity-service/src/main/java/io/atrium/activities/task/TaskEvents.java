package io.atrium.activities.task;

import io.atrium.platform.events.DomainEvent;
import io.atrium.platform.events.EventType;
import java.time.Instant;
import java.util.List;

/**
 * The events of the task aggregate, on topic {@value #TOPIC}. Each carries the whole task after the change. A change
 * of the due or reminder time is {@code due-changed} (with what they were), whatever else changed with it, so that
 * reminders are rescheduled from one event type; any other change of details is {@code updated}, and so is a cancel.
 */
public final class TaskEvents {

    public static final String TOPIC = "crm.task";
    public static final EventType CREATED = EventType.of(TOPIC, "created", 1);
    public static final EventType UPDATED = EventType.of(TOPIC, "updated", 1);
    public static final EventType DUE_CHANGED = EventType.of(TOPIC, "due-changed", 1);
    public static final EventType COMPLETED = EventType.of(TOPIC, "completed", 1);
    public static final EventType REOPENED = EventType.of(TOPIC, "reopened", 1);

    private TaskEvents() {}

    public record TaskChanged(EventType eventType, TaskView task, List<String> changedFields) implements DomainEvent {

        @Override
        public String aggregateId() {
            return task.id().toString();
        }

        @Override
        public long aggregateVersion() {
            return task.version();
        }

        @Override
        public Object data() {
            return changedFields == null ? new Data(task) : new UpdatedData(task, changedFields);
        }

        record Data(TaskView task) {}

        record UpdatedData(TaskView task, List<String> changedFields) {}
    }

    public record DueChanged(
            TaskView task, List<String> changedFields, Instant previousDueAt, Instant previousReminderAt)
            implements DomainEvent {

        @Override
        public EventType eventType() {
            return DUE_CHANGED;
        }

        @Override
        public String aggregateId() {
            return task.id().toString();
        }

        @Override
        public long aggregateVersion() {
            return task.version();
        }

        @Override
        public Object data() {
            return new Data(task, changedFields, previousDueAt, previousReminderAt);
        }

        record Data(TaskView task, List<String> changedFields, Instant previousDueAt, Instant previousReminderAt) {}
    }
}
