package io.atrium.platform.events;

import java.util.regex.Pattern;
import org.springframework.util.ClassUtils;

/**
 * Who and which request caused an event: the CloudEvents extensions {@code actor}, {@code requestid} and
 * {@code clientid} that {@link EventOutbox#append} fills in. Read from the current HTTP request and security context
 * when there is one: the actor is the caller's token subject ({@code anonymous} inside a request without one), the
 * request id is the {@code X-Request-Id} the gateway sets on every request (dropped unless it looks like one), the
 * client id is the token's {@code client_id} claim, else its {@code azp}. Outside a request (a scheduled job, an event
 * consumer) the actor is {@value #SYSTEM} and the other two are absent.
 *
 * <p>Web and security are optional here: a service without them on its classpath gets {@value #SYSTEM} events.
 */
public record EventOrigin(String actor, String requestId, String clientId) {

    public static final String SYSTEM = "system";
    public static final String ANONYMOUS = "anonymous";
    public static final String REQUEST_ID_HEADER = "X-Request-Id";

    /** What the gateway passes on as a request id; anything else a caller sent around it is not recorded. */
    static final Pattern SANE_REQUEST_ID = Pattern.compile("[A-Za-z0-9._:-]{1,128}");

    private static final Pattern SANE_TEXT = Pattern.compile("[^\\p{Cntrl}]{1,256}");

    private static final boolean WEB = present("org.springframework.web.context.request.RequestContextHolder")
            && present("jakarta.servlet.http.HttpServletRequest");
    private static final boolean SECURITY = present("org.springframework.security.core.context.SecurityContextHolder");
    private static final boolean CLAIMS = SECURITY && present("org.springframework.security.oauth2.core.ClaimAccessor");

    /** The origin of whatever the current thread is doing. */
    public static EventOrigin current() {
        String requestId = WEB ? Web.requestId() : null;
        boolean inRequest = WEB && Web.inRequest();
        String actor = SECURITY ? Security.actor() : null;
        String clientId = CLAIMS ? Claims.clientId() : null;
        if (actor == null) {
            actor = inRequest ? ANONYMOUS : SYSTEM;
        }
        return new EventOrigin(sane(actor), requestId, sane(clientId));
    }

    private static String sane(String text) {
        return text != null && SANE_TEXT.matcher(text).matches() ? text : null;
    }

    private static boolean present(String className) {
        return ClassUtils.isPresent(className, EventOrigin.class.getClassLoader());
    }

    /** Loaded only when spring-web and the servlet API are there. */
    private static final class Web {

        static boolean inRequest() {
            return org.springframework.web.context.request.RequestContextHolder.getRequestAttributes()
                    instanceof org.springframework.web.context.request.ServletRequestAttributes;
        }

        static String requestId() {
            if (org.springframework.web.context.request.RequestContextHolder.getRequestAttributes()
                    instanceof org.springframework.web.context.request.ServletRequestAttributes attributes) {
                String id = attributes.getRequest().getHeader(REQUEST_ID_HEADER);
                return id != null && SANE_REQUEST_ID.matcher(id).matches() ? id : null;
            }
            return null;
        }
    }

    /** Loaded only when spring-security is there. */
    private static final class Security {

        static String actor() {
            org.springframework.security.core.Authentication authentication =
                    org.springframework.security.core.context.SecurityContextHolder.getContext()
                            .getAuthentication();
            if (authentication == null
                    || !authentication.isAuthenticated()
                    || authentication
                            instanceof org.springframework.security.authentication.AnonymousAuthenticationToken) {
                return null;
            }
            return authentication.getName();
        }
    }

    /** Loaded only when spring-security's OAuth 2.0 core is there: the claims of the caller's token. */
    private static final class Claims {

        static String clientId() {
            org.springframework.security.core.Authentication authentication =
                    org.springframework.security.core.context.SecurityContextHolder.getContext()
                            .getAuthentication();
            if (authentication == null
                    || !(authentication.getPrincipal()
                            instanceof org.springframework.security.oauth2.core.ClaimAccessor claims)) {
                return null;
            }
            String clientId = claims.getClaimAsString("client_id");
            return clientId != null ? clientId : claims.getClaimAsString("azp");
        }
    }
}
