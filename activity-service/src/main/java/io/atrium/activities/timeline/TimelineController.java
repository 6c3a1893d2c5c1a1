package io.atrium.activities.timeline;

import io.atrium.platform.security.Roles;
import io.atrium.platform.web.Page;
import io.atrium.platform.web.ProblemException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.UUID;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The customer timeline: the page a support agent or a salesperson opens first. */
@Tag(
        name = "Timeline",
        description = "One customer's story: every activity, task and ticket on a contact, company or deal.")
@RestController
class TimelineController {

    private final Timeline timeline;

    TimelineController(Timeline timeline) {
        this.timeline = timeline;
    }

    /**
     * Every activity, task and ticket on one contact, company or deal — name exactly one — newest first, cursor-paged,
     * each with the names of the contacts, companies and deals it mentions.
     */
    @Operation(
            operationId = "getTimeline",
            summary = "Get a record's timeline",
            description =
                    "Name exactly one of contactId, companyId or dealId; newest first, cursor-paged, with the names of the records each item mentions.")
    @PreAuthorize(Roles.READ)
    @GetMapping("/api/v1/timeline")
    Page<TimelineItem> timeline(
            @RequestParam(required = false) UUID contactId,
            @RequestParam(required = false) UUID companyId,
            @RequestParam(required = false) UUID dealId,
            @RequestParam(required = false) Integer limit,
            @RequestParam(required = false) String after) {
        int given = (contactId != null ? 1 : 0) + (companyId != null ? 1 : 0) + (dealId != null ? 1 : 0);
        if (given != 1) {
            throw ProblemException.invalidField(
                    given == 0 ? "contactId" : "companyId", "name exactly one of contactId, companyId and dealId");
        }
        if (contactId != null) {
            return timeline.of(Timeline.Subject.CONTACT, contactId, limit, after);
        }
        if (companyId != null) {
            return timeline.of(Timeline.Subject.COMPANY, companyId, limit, after);
        }
        return timeline.of(Timeline.Subject.DEAL, dealId, limit, after);
    }
}
