package io.atrium.gateway;

import java.security.Principal;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.cloud.gateway.filter.ratelimit.RedisRateLimiter;
import org.springframework.core.Ordered;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * Limits each client (token subject, else its address, {@link ClientAddress}) to a token bucket; over the limit is a 429 problem with Retry-After. The
 * buckets live in this instance's memory, or in Redis (Spring Cloud Gateway's Redis token bucket) when
 * {@code atrium.gateway.rate-limit.store=redis}, so every replica counts against the same budget.
 */
@Component
class RateLimitFilter implements GlobalFilter, Ordered {

    private static final int MAX_CLIENTS = 100_000;
    static final String REDIS_ROUTE = "atrium-api";

    private final RateLimitProperties limits;
    private final RedisRateLimiter redis;
    private final ConcurrentMap<String, Bucket> buckets = new ConcurrentHashMap<>();

    private final ClientAddress clients;

    RateLimitFilter(RateLimitProperties limits, ObjectProvider<RedisRateLimiter> redis, ClientAddress clients) {
        this.limits = limits;
        this.clients = clients;
        this.redis = limits.shared() ? redis.getObject() : null;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
        if (!limits.enabled()) {
            return chain.filter(exchange);
        }
        return exchange.getPrincipal()
                .map(Principal::getName)
                .defaultIfEmpty("ip:" + clients.of(exchange.getRequest()))
                .flatMap(this::acquire)
                .flatMap(wait -> wait.isZero()
                        ? chain.filter(exchange)
                        : GatewayProblems.write(
                                exchange.getResponse(),
                                HttpStatus.TOO_MANY_REQUESTS,
                                "rate-limited",
                                "Too many requests",
                                "This client is over its limit of " + limits.requestsPerSecond()
                                        + " requests per second",
                                wait.plusSeconds(1)));
    }

    /** Zero when the client may go on, else roughly how long until it may. */
    private Mono<Duration> acquire(String client) {
        if (redis != null) {
            Duration refill = Duration.ofMillis((long) Math.ceil(1000 / Math.max(1, limits.requestsPerSecond())));
            return redis.isAllowed(REDIS_ROUTE, client).map(r -> r.isAllowed() ? Duration.ZERO : refill);
        }
        if (buckets.size() > MAX_CLIENTS) {
            buckets.clear();
        }
        long waitNanos =
                buckets.computeIfAbsent(client, c -> new Bucket(limits)).tryAcquire(System.nanoTime());
        return Mono.just(Duration.ofNanos(waitNanos));
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
