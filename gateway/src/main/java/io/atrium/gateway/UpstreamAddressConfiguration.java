package io.atrium.gateway;

import java.time.Duration;
import org.springframework.cloud.gateway.config.HttpClientCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Spreads the gateway's connections to a service over every address its host name resolves to. Behind one DNS name
 * with several replicas — the compose platform's replicas (deploy/compose/replicas.yaml), a Kubernetes headless
 * Service — the HTTP client would otherwise open every connection to the first address and one replica would take
 * all the traffic. Each new connection takes the next address, and addresses are kept at most five seconds, so a
 * replica that stops or starts is noticed within seconds. A name with one address (a ClusterIP Service, a single
 * process) behaves as before.
 */
@Configuration(proxyBeanMethods = false)
class UpstreamAddressConfiguration {

    static final Duration ADDRESS_TTL = Duration.ofSeconds(5);

    @Bean
    HttpClientCustomizer roundRobinUpstreamAddresses() {
        return client -> client.resolver(spec -> spec.roundRobinSelection(true).cacheMaxTimeToLive(ADDRESS_TTL));
    }
}
