package io.atrium.activities.task;

import io.atrium.activities.Priority;
import io.atrium.platform.web.Versioned;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** A task as the API returns it and its events carry it. */
public record TaskView(
        UUID id,
        long version,
        String title,
        String description,
        Instant dueAt,
        Instant reminderAt,
        Priority priority,
        String assignee,
        TaskStatus status,
        List<UUID> contactIds,
        UUID companyId,
        UUID dealId,
        String completedBy,
        Instant completedAt,
        String createdBy,
        Instant createdAt,
        String updatedBy,
        Instant updatedAt)
        implements Versioned {}
