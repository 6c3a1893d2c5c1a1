package io.atrium.notifications.inbox;

import io.atrium.platform.security.Roles;
import io.atrium.platform.web.CurrentActor;
import io.atrium.platform.web.CursorCodec;
import io.atrium.platform.web.Page;
import io.atrium.platform.web.ProblemException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/** The caller's own in-app inbox: everyone sees only their own notifications. */
@Tag(name = "Inbox", description = "The caller's own in-app notifications: everyone sees only theirs.")
@RestController
@RequestMapping("/api/v1/notifications")
@PreAuthorize(Roles.READ)
class InboxController {

    private final Inbox inbox;
    private final CursorCodec cursors;
    private final LiveInbox live;

    InboxController(Inbox inbox, CursorCodec cursors, LiveInbox live) {
        this.inbox = inbox;
        this.cursors = cursors;
        this.live = live;
    }

    @Operation(operationId = "streamInboxChanges", summary = "Stream changes to my inbox, live", description = """
                    Server-sent events: first `ready` (load the inbox now; nothing after it is missed), then a \
                    `notifications` event whenever a notification arrives for the caller or one of theirs is read \
                    (in any tab or device); reload the unread count and the list. Comment lines keep the \
                    connection alive; the stream ends when the caller's token expires (reconnect with the renewed \
                    token).""")
    @ApiResponse(
            responseCode = "200",
            description = "The event stream",
            content = @Content(mediaType = MediaType.TEXT_EVENT_STREAM_VALUE, schema = @Schema(type = "string")))
    @GetMapping(path = "/live", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    SseEmitter live() {
        return live.open();
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
