package io.atrium.notifications.inbox;

import io.atrium.platform.security.Roles;
import io.atrium.platform.web.CurrentActor;
import io.atrium.platform.web.CursorCodec;
import io.atrium.platform.web.Page;
import io.atrium.platform.web.ProblemException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** The caller's own in-app inbox: everyone sees only their own notifications. */
@Tag(name = "Inbox", description = "The caller's own in-app notifications: everyone sees only theirs.")
@RestController
@RequestMapping("/api/v1/notifications")
@PreAuthorize(Roles.READ)
class InboxController {

    private final Inbox inbox;
    private final CursorCodec cursors;

    InboxController(Inbox inbox, CursorCodec cursors) {
        this.inbox = inbox;
        this.cursors = cursors;
    }

    /** Unread first, then newest first; {@code unread=true} for unread only; cursor-paged with {@code after}. */
    @Operation(
            operationId = "listNotifications",
            summary = "List my notifications",
            description =
                    "Unread first, then newest first; unread=true for unread only; pages with the cursor in next.")
    @GetMapping
    Page<NotificationView> list(
            @RequestParam(defaultValue = "false") boolean unread,
            @RequestParam(required = false) Integer limit,
            @RequestParam(required = false) String after) {
        int size = Page.limit(limit);
        Inbox.Position position = after == null ? null : cursors.decode(after, Inbox.Position.class);
        List<NotificationView> fetched = inbox.list(CurrentActor.name(), unread, position, size + 1);
        return Page.of(fetched, size, n -> new Inbox.Position(n.read(), n.createdAt(), n.id()), cursors);
    }

    @Operation(operationId = "countUnreadNotifications", summary = "Count my unread notifications")
    @GetMapping("/unread-count")
    Map<String, Long> unreadCount() {
        return Map.of("unread", inbox.unread(CurrentActor.name()));
    }

    @Operation(operationId = "markNotificationRead", summary = "Mark a notification read")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @PostMapping("/{id}/read")
    ResponseEntity<Void> markRead(@PathVariable UUID id) {
        if (!inbox.markRead(CurrentActor.name(), id)) {
            throw ProblemException.notFound("notification", id);
        }
        return ResponseEntity.noContent().build();
    }

    @Operation(
            operationId = "markAllNotificationsRead",
            summary = "Mark all my notifications read",
            description = "Answers how many were marked.")
    @PostMapping("/read-all")
    Map<String, Integer> markAllRead() {
        return Map.of("marked", inbox.markAllRead(CurrentActor.name()));
    }
}
