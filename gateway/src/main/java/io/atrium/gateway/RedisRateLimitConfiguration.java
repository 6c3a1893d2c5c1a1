package io.atrium.gateway;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.cloud.gateway.filter.ratelimit.RedisRateLimiter;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The Redis token bucket, only when the limits are to be shared ({@code atrium.gateway.rate-limit.store=redis}). */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "atrium.gateway.rate-limit.store", havingValue = "redis")
class RedisRateLimitConfiguration {

    @Bean
    RedisRateLimiter atriumRedisRateLimiter(RateLimitProperties limits) {
        RedisRateLimiter limiter =
                new RedisRateLimiter((int) Math.max(1, Math.round(limits.requestsPerSecond())), limits.burst(), 1);
        limiter.setIncludeHeaders(false);
        return limiter;
    }
}
