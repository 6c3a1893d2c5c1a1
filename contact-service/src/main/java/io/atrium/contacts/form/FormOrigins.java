package io.atrium.contacts.form;

import io.atrium.platform.web.ProblemException;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.filter.OncePerRequestFilter;
import tools.jackson.databind.json.JsonMapper;

/**
 * CORS for the public form endpoints, per form: a browser request from one of the form's {@code allowedOrigins} gets
 * the headers that let the page read the answer (and its preflight is answered here); one from any other origin is
 * refused with 403 before the controller runs, so it writes nothing. Requests without an {@code Origin} (a server, curl)
 * pass; the spam defences still apply to them. Bodies declared larger than {@value #MAX_BODY} bytes are refused (413);
 * a chunked body is bounded by the service's request limit ({@code atrium.web.max-request-body}). Behind the gateway
 * only simple requests arrive (the gateway answers CORS preflights itself), which is how the embed script posts.
 */
@Configuration(proxyBeanMethods = false)
class FormOrigins {

    static final int MAX_BODY = 32 * 1024;

    private static final Pattern PATH = Pattern.compile("/public/forms/([0-9a-fA-F-]{36})(/submissions)?/?");

    private static final org.springframework.web.util.UrlPathHelper PATHS =
            new org.springframework.web.util.UrlPathHelper();

    @Bean
    FilterRegistrationBean<Filter> atriumFormOrigins(FormRepository forms, JsonMapper json) {
        FilterRegistrationBean<Filter> registration = new FilterRegistrationBean<>(new Filter(forms, json));
        registration.addUrlPatterns("/public/forms/*");
        registration.setOrder(-95);
        return registration;
    }

    static final class Filter extends OncePerRequestFilter {

        private final FormRepository forms;
        private final JsonMapper json;

        Filter(FormRepository forms, JsonMapper json) {
            this.forms = forms;
            this.json = json;
        }

        @Override
        protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                throws ServletException, IOException {
            if (request.getContentLengthLong() > MAX_BODY) {
                refuse(
                        request,
                        response,
                        new ProblemException(
                                HttpStatus.CONTENT_TOO_LARGE,
                                "body-too-large",
                                "Request body too large",
                                "A form submission may be at most " + MAX_BODY + " bytes",
                                Map.of("limit", MAX_BODY)));
                return;
            }
            String origin = request.getHeader(HttpHeaders.ORIGIN);
            // The decoded path, as the controller's mapping sees it: "%62" in the raw URI must not slip past.
            Matcher path = PATH.matcher(PATHS.getPathWithinApplication(request));
            if (origin == null) {
                chain.doFilter(request, response);
                return;
            }
            if (!path.matches()) {
                if ("GET".equals(request.getMethod()) || "HEAD".equals(request.getMethod())) {
                    chain.doFilter(request, response); // the embed script, or a 404
                } else {
                    // A browser's write to something that is not a form's submit path: refused, not guessed at.
                    refuse(
                            request,
                            response,
                            ProblemException.forbidden("origin-not-allowed", "Only a form's own page may post to it"));
                }
                return;
            }
            UUID id;
            try {
                id = UUID.fromString(path.group(1));
            } catch (IllegalArgumentException notAnId) {
                chain.doFilter(request, response); // the controller answers 400 for the id
                return;
            }
            var form = forms.find(id, false).filter(f -> f.deletedAt() == null);
            if (form.isEmpty()) {
                chain.doFilter(request, response); // the controller answers 404
                return;
            }
            boolean preflight = "OPTIONS".equals(request.getMethod())
                    && request.getHeader(HttpHeaders.ACCESS_CONTROL_REQUEST_METHOD) != null;
            response.addHeader(HttpHeaders.VARY, HttpHeaders.ORIGIN);
            if (!form.get().definition().allowedOrigins().contains(origin)) {
                refuse(
                        request,
                        response,
                        ProblemException.forbidden("origin-not-allowed", "This form may not be sent from " + origin));
                return;
            }
            response.setHeader(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN, origin);
            if (preflight) {
                response.setHeader(HttpHeaders.ACCESS_CONTROL_ALLOW_METHODS, "GET, POST");
                response.setHeader(HttpHeaders.ACCESS_CONTROL_ALLOW_HEADERS, "Content-Type, Idempotency-Key");
                response.setHeader(HttpHeaders.ACCESS_CONTROL_MAX_AGE, "600");
                response.setStatus(HttpStatus.NO_CONTENT.value());
                return;
            }
            response.setHeader(HttpHeaders.ACCESS_CONTROL_EXPOSE_HEADERS, "Idempotent-Replayed, Retry-After");
            chain.doFilter(request, response);
        }

        private void refuse(HttpServletRequest request, HttpServletResponse response, ProblemException problem)
                throws IOException {
            var detail = problem.toProblemDetail();
            detail.setInstance(java.net.URI.create(request.getRequestURI()));
            response.setStatus(problem.status().value());
            response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
            json.writeValue(response.getOutputStream(), detail);
        }
    }
}
