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

    /** The caller's bearer token, to relay to another Atrium service on the caller's behalf; null without one. */
    public static String bearerToken() {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        return authentication != null
                        && authentication.getCredentials() instanceof org.springframework.security.oauth2.jwt.Jwt jwt
                ? jwt.getTokenValue()
                : null;
    }
}
