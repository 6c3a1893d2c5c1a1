package io.atrium.notifications.webhook;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.hc.client5.http.DnsResolver;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.apache.hc.core5.util.Timeout;

/**
 * POSTs one webhook request. Redirects are never followed (a 3xx is the answer); the target's host is resolved through
 * the {@link GuardedDnsResolver} for every connection; connect and response time are bounded.
 */
final class WebhookClient implements AutoCloseable {

    static final String USER_AGENT = "Atrium-Webhooks/1";
    private static final int MAX_ERROR_BODY = 500;

    private static final java.util.regex.Pattern IPV4 = java.util.regex.Pattern.compile("^[0-9.]+$");

    private final CloseableHttpClient http;
    private final TargetGuard guard;

    WebhookClient(DnsResolver resolver, TargetGuard guard, WebhookProperties properties) {
        this.guard = guard;
        this.http = HttpClients.custom()
                .setConnectionManager(PoolingHttpClientConnectionManagerBuilder.create()
                        .setDnsResolver(resolver)
                        .setMaxConnTotal(200)
                        .setMaxConnPerRoute(properties.maxInFlightPerSubscription())
                        .setDefaultConnectionConfig(ConnectionConfig.custom()
                                .setConnectTimeout(Timeout.of(properties.connectTimeout()))
                                .setSocketTimeout(Timeout.of(properties.responseTimeout()))
                                .build())
                        .build())
                .setDefaultRequestConfig(RequestConfig.custom()
                        .setResponseTimeout(Timeout.of(properties.responseTimeout()))
                        .setRedirectsEnabled(false)
                        .build())
                .disableRedirectHandling()
                .disableAutomaticRetries()
                .disableCookieManagement()
                .setUserAgent(USER_AGENT)
                .evictIdleConnections(Timeout.of(30, TimeUnit.SECONDS))
                .build();
    }

    /**
     * The receiver's answer.
     *
     * @param status the HTTP status, or null when none came (refused target, connection or timeout failure)
     * @param retryAfter the receiver's {@code Retry-After}, if any
     * @param refused whether the SSRF guard refused the target
     */
    record Response(Integer status, Duration retryAfter, String error, boolean refused) {}

    Response post(URI url, Map<String, String> headers, byte[] body, Instant now) {
        String literalRefusal = literalRefusal(url.getHost());
        if (literalRefusal != null) {
            return new Response(null, null, literalRefusal, true);
        }
        HttpPost post = new HttpPost(url);
        headers.forEach(post::setHeader);
        post.setEntity(new ByteArrayEntity(body, ContentType.create("application/cloudevents+json", "UTF-8")));
        try {
            return http.execute(post, response -> {
                int status = response.getCode();
                String error = null;
                if (status >= 300) {
                    String text = response.getEntity() == null ? "" : EntityUtils.toString(response.getEntity());
                    Header location = response.getFirstHeader("Location");
                    error = status < 400 && location != null
                            ? "Redirect to " + location.getValue() + " not followed"
                            : (text.length() > MAX_ERROR_BODY ? text.substring(0, MAX_ERROR_BODY) : text);
                } else {
                    EntityUtils.consume(response.getEntity());
                }
                Header retryAfter = response.getFirstHeader("Retry-After");
                return new Response(
                        status, retryAfter == null ? null : retryAfter(retryAfter.getValue(), now), error, false);
            });
        } catch (GuardedDnsResolver.RefusedTargetException e) {
            return new Response(null, null, e.getMessage(), true);
        } catch (IOException e) {
            return new Response(null, null, e.getClass().getSimpleName() + ": " + e.getMessage(), false);
        }
    }

    /** An IP-literal host is checked here too, whether or not the client resolves it. */
    private String literalRefusal(String host) {
        if (host == null || !(host.contains(":") || IPV4.matcher(host).matches())) {
            return null;
        }
        try {
            java.net.InetAddress address = java.net.InetAddress.getByName(host);
            String refusal = guard.refusal(address);
            return refusal == null ? null : "Refused " + host + ": a " + refusal;
        } catch (java.net.UnknownHostException e) {
            return "Refused " + host + ": not an address";
        }
    }

    /** Seconds, or an HTTP date. */
    static Duration retryAfter(String value, Instant now) {
        try {
            return Duration.ofSeconds(Math.max(0, Long.parseLong(value.strip())));
        } catch (NumberFormatException e) {
            try {
                Instant at = ZonedDateTime.parse(value.strip(), DateTimeFormatter.RFC_1123_DATE_TIME)
                        .toInstant();
                return at.isAfter(now) ? Duration.between(now, at) : Duration.ZERO;
            } catch (DateTimeParseException unparsable) {
                return null;
            }
        }
    }

    @Override
    public void close() throws IOException {
        http.close();
    }
}
