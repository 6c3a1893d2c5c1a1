package io.atrium.activities.timeline;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.atrium.activities.activity.ActivityView;
import io.atrium.activities.task.TaskView;
import io.atrium.activities.ticket.TicketView;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * One entry of a customer's timeline: an activity (at when it happened), a task or a ticket (at when it was created) —
 * exactly one of the three is present — and the names of the contacts, companies and deals it mentions, by id.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TimelineItem(
        String kind,
        UUID id,
        Instant at,
        ActivityView activity,
        TaskView task,
        TicketView ticket,
        Map<UUID, String> names) {}
