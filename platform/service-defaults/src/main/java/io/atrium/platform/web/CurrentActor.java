package io.atrium.platform.web;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;

/** Who is making the current request, for created-by and updated-by: the subject of the caller's token. */
public final class CurrentActor {

    private CurrentActor() {}

    public static String name() {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        return authentication == null || authentication.getName() == null ? "anonymous" : authentication.getName();
    }

    /** Whether the caller holds an Atrium role (e.g. {@code admin}), for rules a role expression cannot state alone. */
    public static boolean hasRole(String role) {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        return authentication != null
                && authentication.getAuthorities().stream().anyMatch(a -> ("ROLE_" + role).equals(a.getAuthority()));
    }

    /** The caller's bearer token, to relay to another Atrium service on the caller's behalf; null without one. */
    public static String bearerToken() {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        return authentication != null
                        && authentication.getCredentials() instanceof org.springframework.security.oauth2.jwt.Jwt jwt
                ? jwt.getTokenValue()
                : null;
    }
}
