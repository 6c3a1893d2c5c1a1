package io.atrium.gateway;

import java.net.InetSocketAddress;
import java.security.Principal;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.core.Ordered;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * Limits each client (token subject, else IP) to a token bucket; over the limit is a 429 problem with Retry-After. The
 * buckets live in this gateway instance's memory.
 */
@Component
class RateLimitFilter implements GlobalFilter, Ordered {

    private static final int MAX_CLIENTS = 100_000;

    private final RateLimitProperties limits;
    private final ConcurrentMap<String, Bucket> buckets = new ConcurrentHashMap<>();

    RateLimitFilter(RateLimitProperties limits) {
        this.limits = limits;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
        if (!limits.enabled()) {
            return chain.filter(exchange);
        }
        return exchange.getPrincipal()
                .map(Principal::getName)
                .defaultIfEmpty("ip:" + clientIp(exchange))
                .flatMap(client -> {
                    if (buckets.size() > MAX_CLIENTS) {
                        buckets.clear();
                    }
                    Bucket bucket = buckets.computeIfAbsent(client, c -> new Bucket(limits));
                    long waitNanos = bucket.tryAcquire(System.nanoTime());
                    if (waitNanos == 0) {
                        return chain.filter(exchange);
                    }
                    return GatewayProblems.write(
                            exchange.getResponse(),
                            HttpStatus.TOO_MANY_REQUESTS,
                            "rate-limited",
                            "Too many requests",
                            "This client is over its limit of " + limits.requestsPerSecond() + " requests per second",
                            Duration.ofNanos(waitNanos).plusSeconds(1));
                });
    }

    private static String clientIp(ServerWebExchange exchange) {
        InetSocketAddress remote = exchange.getRequest().getRemoteAddress();
        return remote == null || remote.getAddress() == null
                ? "unknown"
                : remote.getAddress().getHostAddress();
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE + 10;
    }

    /** A token bucket; returns 0 when a token was taken, else how long until the next one. */
    static final class Bucket {
        private final double perNano;
        private final double capacity;
        private double tokens;
        private long last;

        Bucket(RateLimitProperties limits) {
            this.perNano = limits.requestsPerSecond() / 1_000_000_000d;
            this.capacity = limits.burst();
            this.tokens = limits.burst();
            this.last = System.nanoTime();
        }

        synchronized long tryAcquire(long now) {
            tokens = Math.min(capacity, tokens + (now - last) * perNano);
            last = now;
            if (tokens >= 1) {
                tokens -= 1;
                return 0;
            }
            return (long) Math.ceil((1 - tokens) / perNano);
        }
    }
}
