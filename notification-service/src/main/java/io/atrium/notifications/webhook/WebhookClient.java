package io.atrium.notifications.webhook;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Pattern;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.apache.hc.core5.util.Timeout;

/**
 * POSTs one webhook request. Redirects are never followed (a 3xx is the answer); the target's host is checked and
 * resolved through the {@link GuardedDnsResolver} for every connection. A hostile receiver gets nothing out of it:
 * connect and silence are bounded, the whole attempt has a deadline (the connection is dropped when it passes), and
 * at most {@code max-response-size} of an answer is read before the connection is dropped.
 */
final class WebhookClient implements AutoCloseable {

    static final String USER_AGENT = "Atrium-Webhooks/1";
    private static final int MAX_ERROR_EXCERPT = 500;
    private static final Pattern SECONDS = Pattern.compile("[0-9]+");

    private final CloseableHttpClient http;
    private final GuardedDnsResolver resolver;
    private final Duration attemptTimeout;
    private final int maxResponseBytes;
    private final ScheduledExecutorService deadlines = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("webhook-deadlines").daemon().factory());

    WebhookClient(GuardedDnsResolver resolver, WebhookProperties properties) {
        this.resolver = resolver;
        this.attemptTimeout = properties.attemptTimeout();
        this.maxResponseBytes = (int) properties.maxResponseSize().toBytes();
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
                        .setConnectionRequestTimeout(Timeout.of(properties.attemptTimeout()))
                        .setRedirectsEnabled(false)
                        .build())
                .disableRedirectHandling()
                .disableAutomaticRetries()
                .disableCookieManagement()
                .disableContentCompression()
                .setUserAgent(USER_AGENT)
                .evictIdleConnections(Timeout.of(30, TimeUnit.SECONDS))
                .build();
    }

    /**
     * The receiver's answer.
     *
     * @param status the HTTP status, or null when none came (refused target, connection failure, timeout, deadline)
     * @param retryAfter the receiver's {@code Retry-After}, if any (unbounded: the schedule clamps it)
     * @param error what went wrong: the start of an error answer's body, or why no answer came
     * @param refused whether the SSRF guard refused the target
     */
    record Response(Integer status, Duration retryAfter, String error, boolean refused) {}

    Response post(URI url, Map<String, String> headers, byte[] body, Instant now) {
        String refusal = refusal(url);
        if (refusal != null) {
            return new Response(null, null, refusal, true);
        }
        HttpPost post = new HttpPost(url);
        headers.forEach(post::setHeader);
        post.setEntity(new ByteArrayEntity(body, ContentType.create("application/cloudevents+json", "UTF-8")));
        AtomicBoolean late = new AtomicBoolean();
        ScheduledFuture<?> deadline = deadlines.schedule(
                () -> {
                    late.set(true);
                    post.cancel();
                },
                attemptTimeout.toMillis(),
                TimeUnit.MILLISECONDS);
        try {
            return http.execute(post, response -> answer(response, now));
        } catch (GuardedDnsResolver.RefusedTargetException e) {
            return new Response(null, null, e.getMessage(), true);
        } catch (IOException e) {
            if (late.get()) {
                return new Response(
                        null, null, "No complete answer within the attempt deadline of " + attemptTimeout, false);
            }
            return new Response(null, null, e.getClass().getSimpleName() + ": " + e.getMessage(), false);
        } finally {
            deadline.cancel(false);
        }
    }

    private Response answer(ClassicHttpResponse response, Instant now) throws IOException {
        int status = response.getCode();
        byte[] start = readCapped(response);
        String error = null;
        if (status >= 300) {
            Header location = response.getFirstHeader("Location");
            String text = new String(start, StandardCharsets.UTF_8);
            error = status < 400 && location != null
                    ? "Redirect to " + excerpt(location.getValue()) + " not followed"
                    : excerpt(text);
        }
        Header retryAfter = response.getFirstHeader("Retry-After");
        return new Response(status, retryAfter == null ? null : retryAfter(retryAfter.getValue(), now), error, false);
    }

    /**
     * Reads at most {@code max-response-size} of the body. When there is more, the entity is taken off the response so
     * nothing reads the rest: closing the response then drops the connection instead of draining it.
     */
    private byte[] readCapped(ClassicHttpResponse response) throws IOException {
        HttpEntity entity = response.getEntity();
        if (entity == null) {
            return new byte[0];
        }
        InputStream in = entity.getContent();
        if (in == null) {
            return new byte[0];
        }
        byte[] start = in.readNBytes(maxResponseBytes);
        if (in.read() != -1) {
            response.setEntity(null);
        }
        return start;
    }

    private static String excerpt(String text) {
        return text.length() > MAX_ERROR_EXCERPT ? text.substring(0, MAX_ERROR_EXCERPT) : text;
    }

    /**
     * Checked before the request too, with the same guard the connection uses: the host as the HTTP client will read
     * it (a URL whose host {@link URI} cannot parse is refused), and an IP literal whatever the client does with it.
     */
    private String refusal(URI url) {
        String host = url.getHost();
        if (host == null) {
            return "Refused " + url.getRawAuthority() + ": not a host name or canonical IP address";
        }
        String hostRefusal = TargetGuard.hostRefusal(host);
        if (hostRefusal != null) {
            return "Refused " + host + ": " + hostRefusal;
        }
        if (host.startsWith("[") || host.chars().allMatch(c -> c == '.' || Character.isDigit(c))) {
            try {
                resolver.resolve(host);
            } catch (GuardedDnsResolver.RefusedTargetException e) {
                return e.getMessage();
            } catch (IOException e) {
                return "Refused " + host + ": not an address";
            }
        }
        return null;
    }

    /**
     * {@code Retry-After} as seconds (digits only; too many to count saturate) or an HTTP date; null for anything else
     * (negative numbers, garbage). A date in the past is zero.
     */
    static Duration retryAfter(String value, Instant now) {
        String text = value.strip();
        if (SECONDS.matcher(text).matches()) {
            try {
                return Duration.ofSeconds(Long.parseLong(text));
            } catch (NumberFormatException tooLong) {
                return Duration.ofSeconds(Long.MAX_VALUE);
            }
        }
        try {
            Instant at = ZonedDateTime.parse(text, DateTimeFormatter.RFC_1123_DATE_TIME)
                    .toInstant();
            return at.isAfter(now) ? Duration.between(now, at) : Duration.ZERO;
        } catch (DateTimeParseException | ArithmeticException unparsable) {
            return null;
        }
    }

    @Override
    public void close() throws IOException {
        deadlines.shutdownNow();
        http.close();
    }
}
