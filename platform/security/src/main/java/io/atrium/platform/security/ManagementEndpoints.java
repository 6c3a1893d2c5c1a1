package io.atrium.platform.security;

import java.util.Set;
import org.springframework.boot.actuate.autoconfigure.web.server.ManagementPortType;
import org.springframework.core.env.Environment;

/**
 * The actuator endpoints an Atrium process may serve over HTTP, whatever its configuration says: health (probes),
 * info, prometheus and metrics. Everything else — env, heapdump, threaddump, configprops, loggers, beans, mappings,
 * shutdown, the gateway's routes and any endpoint a library adds — is never exposed.
 *
 * <p>Health is open to anyone (status only; components and details for admins). Info, prometheus and metrics are open
 * on a separate management port ({@code management.server.port}, {@code ATRIUM_MANAGEMENT_PORT}), which deployments
 * keep off the public network; without one they share the API port and need the admin role.
 */
public final class ManagementEndpoints {

    /** The only endpoint ids that may be exposed over HTTP. */
    public static final Set<String> WEB_EXPOSABLE = Set.of("health", "info", "prometheus", "metrics");

    /** Paths of the operational endpoints that are open only on a separate management port. */
    public static final String[] OPERATIONAL_PATHS = {
        "/actuator/info", "/actuator/prometheus", "/actuator/metrics", "/actuator/metrics/**"
    };

    /** Paths of the probes, open to anyone on either port. */
    public static final String[] PROBE_PATHS = {"/actuator/health", "/actuator/health/**", "/livez", "/readyz"};

    private ManagementEndpoints() {}

    /** Whether the actuator runs on a port of its own (then it is not on the API port at all). */
    public static boolean separatePort(Environment environment) {
        return ManagementPortType.get(environment) == ManagementPortType.DIFFERENT;
    }

    static boolean exposable(String endpointId) {
        return WEB_EXPOSABLE.contains(endpointId);
    }
}
