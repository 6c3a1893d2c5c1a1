package io.atrium.gateway;

import java.time.Duration;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * Where a route's circuit breaker sends a request when its service is down, slow or failing: a quick 503 problem with
 * Retry-After, never a hang.
 */
@RestController
class FallbackController {

    static final Duration RETRY_AFTER = Duration.ofSeconds(5);

    @RequestMapping("/fallback/{service}")
    Mono<Void> unavailable(@PathVariable String service, ServerWebExchange exchange) {
        return GatewayProblems.write(
                exchange.getResponse(),
                HttpStatus.SERVICE_UNAVAILABLE,
                "service-unavailable",
                "Service unavailable",
                service + " is unavailable or too slow right now; retry later",
                RETRY_AFTER);
    }
}
