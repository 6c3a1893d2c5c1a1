package io.atrium.platform.web;

import io.atrium.platform.events.DeadLetters;
import io.atrium.platform.security.Roles;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The dead-letter topics of the topics this service consumes (see docs/events.md, "Failures and dead letters"): what
 * this service dead-lettered, and replaying it through its own listeners. Admins only.
 */
@Tag(
        name = "Dead letters",
        description = "Events this service's consumers could not process, and their replay (operators).")
@RestController
@RequestMapping("/admin/dead-letters")
class DeadLetterAdminController {

    private final DeadLetters deadLetters;
    private final long retryAfterSeconds;

    DeadLetterAdminController(DeadLetters deadLetters, WebProperties properties) {
        this.deadLetters = deadLetters;
        this.retryAfterSeconds = Math.max(1, properties.unavailableRetryAfter().toSeconds());
    }

    @Operation(
            operationId = "listDeadLetterTopics",
            summary = "List dead-letter topics",
            description = "Each dead-letter topic of the events this service consumes, with its counts.")
    @GetMapping
    @PreAuthorize(Roles.OPERATE)
    Page<DeadLetters.Summary> list() {
        return new Page<>(deadLetters.summaries(), null);
    }

    @Operation(operationId = "getDeadLetters", summary = "Get a dead-letter topic's records")
    @GetMapping("/{topic}")
    @PreAuthorize(Roles.OPERATE)
    DeadLetters.Details details(@PathVariable String topic) {
        return deadLetters.details(topic);
    }

    /**
     * Replays from where the last replay stopped ({@code from=committed}, the default) or from the beginning
     * ({@code from=beginning}). Calling it again replays nothing new; a record already applied is a no-op. A replay
     * that stopped because a dependency is unavailable answers 503 with {@code Retry-After} and its counts.
     */
    @Operation(
            operationId = "replayDeadLetters",
            summary = "Replay dead-lettered events",
            description =
                    "From where the last replay stopped (from=committed) or from the beginning; a record already applied is a no-op.")
    @PostMapping("/{topic}/replay")
    @PreAuthorize(Roles.OPERATE)
    ResponseEntity<?> replay(@PathVariable String topic, @RequestParam(defaultValue = "committed") String from) {
        DeadLetters.From start =
                switch (from.toLowerCase(Locale.ROOT)) {
                    case "committed" -> DeadLetters.From.COMMITTED;
                    case "beginning" -> DeadLetters.From.BEGINNING;
                    default -> throw ProblemException.invalidField("from", "must be committed or beginning");
                };
        DeadLetters.Replay replay = deadLetters.replay(topic, start);
        if (replay.stoppedAt() != null && replay.stoppedAt().transientFailure()) {
            Map<String, Object> properties = new LinkedHashMap<>();
            properties.put(ProblemException.RETRY_AFTER_PROPERTY, retryAfterSeconds);
            properties.put("replay", replay);
            throw new ProblemException(
                    HttpStatus.SERVICE_UNAVAILABLE,
                    "service-unavailable",
                    "Service unavailable",
                    "The replay stopped at " + replay.deadLetterTopic() + " offset "
                            + replay.stoppedAt().offset()
                            + " because a service it needs is unavailable; retry later to continue from there",
                    properties);
        }
        return ResponseEntity.ok(replay);
    }
}
