package io.atrium.gateway;

import java.util.List;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.cloud.gateway.filter.ratelimit.RedisRateLimiter;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.core.script.RedisScript;

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

    /**
     * Spring Cloud Gateway's token-bucket script, read once. Its own bean reads the script from a classpath resource
     * and, to see whether it changed, asks that resource for its last-modified time — a look into the gateway's jar —
     * on every request (issue 15's profile). The script is the same; only its text is held instead of its resource.
     */
    @Bean
    static BeanPostProcessor staticRateLimiterScript() {
        return new BeanPostProcessor() {
            @Override
            public Object postProcessAfterInitialization(Object bean, String name) {
                if (RedisRateLimiter.REDIS_SCRIPT_NAME.equals(name) && bean instanceof RedisScript<?> script) {
                    return RedisScript.of(script.getScriptAsString(), List.class);
                }
                return bean;
            }
        };
    }
}
