package io.atrium.platform.web;

import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/**
 * Who is making the current request, for created-by and updated-by. Until the identity issue brings token validation,
 * this is the {@code X-Atrium-User} header, else {@code anonymous}; it will become the token's subject.
 */
public final class CurrentActor {

    public static final String HEADER = "X-Atrium-User";

    private CurrentActor() {}

    public static String name() {
        RequestAttributes attributes = RequestContextHolder.getRequestAttributes();
        if (attributes instanceof ServletRequestAttributes servlet) {
            String user = servlet.getRequest().getHeader(HEADER);
            if (user != null && !user.isBlank() && user.length() <= 200) {
                return user.strip();
            }
        }
        return "anonymous";
    }
}
