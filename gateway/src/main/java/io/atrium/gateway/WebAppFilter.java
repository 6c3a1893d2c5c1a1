package io.atrium.gateway;

import java.util.List;
import java.util.Map;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Serves the single-page app (classpath {@code META-INF/resources/}, from the {@code atrium-web} module) beside the
 * API: a GET for a page of the app, such as {@code /} or a deep link {@code /contacts/42}, answers
 * {@code index.html} so the app's router takes over; everything under the API, the docs, the actuator and the
 * gateway's own paths is left alone. Vite names every built asset by its content hash, so {@code /assets/**} is cached
 * for a year; pages are revalidated on every load ({@code no-cache}) so a new release is picked up at once. Pages
 * carry a Content-Security-Policy that lets them load only this origin's scripts and styles and talk only to this
 * origin and the sign-in provider.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 5)
class WebAppFilter implements WebFilter {

    static final String INDEX = "/index.html";
    static final String IMMUTABLE = "public, max-age=31536000, immutable";
    static final String REVALIDATE = "no-cache";

    /** Paths that are never pages of the app: the API, SCIM, docs, actuator, the gateway's fallbacks and config. */
    private static final List<String> NOT_THE_APP = List.of(
            "/api/",
            "/scim/",
            "/docs",
            "/swagger-ui",
            "/webjars/",
            "/v3/",
            "/actuator",
            "/fallback/",
            "/livez",
            "/readyz",
            "/config.json",
            "/.well-known/");

    private final String contentSecurityPolicy;

    WebAppFilter(WebAppProperties web) {
        String provider = web.issuerOrigin();
        this.contentSecurityPolicy = String.join(
                "; ",
                "default-src 'self'",
                "script-src 'self'",
                "style-src 'self'",
                "img-src 'self' data:",
                "font-src 'self'",
                "connect-src 'self' " + provider,
                // The provider's authorization endpoint, framed for silent renewal of the session.
                "frame-src 'self' " + provider,
                // The app frames its own silent-renewal page; nobody else may frame the app.
                "frame-ancestors 'self'",
                "form-action 'self' " + provider,
                "base-uri 'self'",
                "object-src 'none'");
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        ServerHttpRequest request = exchange.getRequest();
        HttpMethod method = request.getMethod();
        if (!HttpMethod.GET.equals(method) && !HttpMethod.HEAD.equals(method)) {
            return chain.filter(exchange);
        }
        String path = request.getPath().pathWithinApplication().value();
        if (NOT_THE_APP.stream().anyMatch(path::startsWith)) {
            return chain.filter(exchange);
        }
        HttpHeaders headers = exchange.getResponse().getHeaders();
        if (path.startsWith("/assets/")) {
            headers.set(HttpHeaders.CACHE_CONTROL, IMMUTABLE);
            return chain.filter(exchange);
        }
        if (path.endsWith(".html")) {
            page(headers);
            return chain.filter(exchange);
        }
        if (isAppRoute(path) && acceptsHtml(request)) {
            page(headers);
            return chain.filter(exchange.mutate()
                    .request(request.mutate().path(INDEX).build())
                    .build());
        }
        return chain.filter(exchange);
    }

    private void page(HttpHeaders headers) {
        headers.set(HttpHeaders.CACHE_CONTROL, REVALIDATE);
        headers.set("Content-Security-Policy", contentSecurityPolicy);
    }

    /** A route of the app: no file extension in its last segment ({@code /contacts/42}, not {@code /robots.txt}). */
    private static boolean isAppRoute(String path) {
        String last = path.substring(path.lastIndexOf('/') + 1);
        return !last.contains(".");
    }

    /** Browsers navigating ask for HTML; an API client asking for JSON at a wrong path gets a 404, not the app. */
    private static boolean acceptsHtml(ServerHttpRequest request) {
        List<MediaType> accepted = request.getHeaders().getAccept();
        return accepted.isEmpty() || accepted.stream().anyMatch(type -> type.isCompatibleWith(MediaType.TEXT_HTML));
    }

    /** What /config.json says: where and as whom the app signs in. */
    static Map<String, String> config(WebAppProperties web) {
        return Map.of("issuer", web.issuer(), "clientId", web.clientId(), "scope", web.scope());
    }
}
