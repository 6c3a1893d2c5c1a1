package io.atrium.reporting.report;

import io.atrium.platform.web.CurrentActor;
import java.util.List;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.stereotype.Component;

/** Which roles may read which view, from configuration (so support can be given sales views where that is wanted). */
@Component
class ReportAccess {

    private final ReportingProperties properties;

    ReportAccess(ReportingProperties properties) {
        this.properties = properties;
    }

    void require(String view) {
        List<String> roles = properties.access().getOrDefault(view, List.of("admin"));
        if (roles.stream().map(String::strip).noneMatch(CurrentActor::hasRole)) {
            throw new AccessDeniedException("The " + view + " view is not open to your roles");
        }
    }
}
