package io.atrium.notifications.webhook;

import org.apache.hc.client5.http.DnsResolver;
import org.apache.hc.client5.http.SystemDefaultDnsResolver;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/** Webhook wiring: the resolver targets are looked up with, the dispatcher's poll and the delivery log's pruning. */
@Configuration(proxyBeanMethods = false)
class DispatchSchedule {

    /** The system resolver; the SSRF guard wraps whatever resolver is here (tests put a scripted one). */
    @Bean
    DnsResolver webhookDnsResolver() {
        return SystemDefaultDnsResolver.INSTANCE;
    }

    @Component
    @ConditionalOnBooleanProperty(name = "atrium.webhooks.dispatching", matchIfMissing = true)
    static class Poll {

        private final Dispatcher dispatcher;

        Poll(Dispatcher dispatcher) {
            this.dispatcher = dispatcher;
        }

        @Scheduled(fixedDelayString = "${atrium.webhooks.poll-interval:500ms}")
        void run() {
            dispatcher.dispatch();
        }
    }

    /** Prunes the delivery log every {@code atrium.webhooks.retention.interval} on every dispatching replica. */
    @Component
    @ConditionalOnBooleanProperty(name = "atrium.webhooks.dispatching", matchIfMissing = true)
    static class Prune {

        private final DeliveryRetention retention;

        Prune(DeliveryRetention retention) {
            this.retention = retention;
        }

        @Scheduled(
                initialDelayString = "${atrium.webhooks.retention.interval:1h}",
                fixedDelayString = "${atrium.webhooks.retention.interval:1h}")
        void run() {
            retention.prune();
        }
    }
}
