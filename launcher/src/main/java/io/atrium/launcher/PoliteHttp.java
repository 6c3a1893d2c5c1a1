package io.atrium.launcher;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;

/**
 * Sends a request as a considerate client does: a 429 (the gateway's rate limit: the request went nowhere) is sent
 * again after the answer's {@code Retry-After} (1 s when it names none, at most 10 s), for at most a minute, and so is
 * a 503 to a GET. A write that got a 503 is not sent again: the gateway also answers 503 when a service took too long,
 * and the service may still have committed it. Any other answer is the caller's to judge.
 */
final class PoliteHttp {

    private static final Duration PATIENCE = Duration.ofSeconds(60);

    private PoliteHttp() {}

    static HttpResponse<String> send(HttpClient http, HttpRequest request) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (true) {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            int status = response.statusCode();
            boolean retry = status == 429 || (status == 503 && request.method().equals("GET"));
            if (!retry || System.nanoTime() > deadline) {
                return response;
            }
            Thread.sleep(
                    retryAfter(response.headers().firstValue("Retry-After")).toMillis());
        }
    }

    /** The wait a {@code Retry-After} of whole seconds asks for, between 1 and 10 s (1 s when absent or unreadable). */
    static Duration retryAfter(Optional<String> header) {
        long seconds;
        try {
            seconds = header.map(String::strip).map(Long::parseLong).orElse(1L);
        } catch (NumberFormatException e) {
            seconds = 1; // an HTTP date: rare for a rate limit; a second is a fair wait
        }
        return Duration.ofSeconds(Math.clamp(seconds, 1, 10));
    }
}
