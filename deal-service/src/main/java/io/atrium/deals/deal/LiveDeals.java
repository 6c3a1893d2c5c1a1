package io.atrium.deals.deal;

import io.atrium.platform.access.RecordAccess;
import io.atrium.platform.access.RecordType;
import io.atrium.platform.access.Scope;
import io.atrium.platform.events.CloudEvent;
import io.atrium.platform.live.LiveEvent;
import io.atrium.platform.live.LiveEventFeed;
import io.atrium.platform.live.LiveStreams;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;
import tools.jackson.databind.JsonNode;

/**
 * Live updates of deals for boards and lists: every replica reads {@code crm.deal} from its end ({@link LiveEventFeed})
 * and pushes each change, as a {@link DealChange} hint, to the streams of the people whose deal access reaches the
 * deal's owner, limited to one pipeline when the stream asked for it.
 *
 * <p>A deal re-owned to someone outside a watcher's reach sends that watcher nothing (the event names only the new
 * owner), so the card lingers on their board until its next load (on focus or reconnect); what the event says is never
 * shown to anyone the deal's new owner is hidden from.
 */
@Component
class LiveDeals {

    private final LiveStreams streams;
    private final RecordAccess access;
    private final LiveEventFeed feed;

    LiveDeals(LiveStreams streams, RecordAccess access, LiveEventFeed dealLiveFeed) {
        this.streams = streams;
        this.access = access;
        this.feed = dealLiveFeed;
    }

    /** The feed of {@code crm.deal} into this instance's streams (a lifecycle bean: started with the service). */
    @Configuration(proxyBeanMethods = false)
    static class Feed {

        @Bean
        LiveEventFeed dealLiveFeed(
                ConsumerFactory<String, byte[]> consumers,
                @Value("${spring.application.name}") String app,
                LiveStreams streams) {
            return new LiveEventFeed(consumers, app, List.of(DealEvents.TOPIC), LiveDeals::change, streams);
        }
    }

    /**
     * A stream of the changes to deals the caller may see, in {@code pipelineId} (moved into or out of it) if given;
     * 503 while the feed is not yet positioned (its {@code ready} could not promise that nothing is missed).
     */
    @Transactional(readOnly = true)
    SseEmitter open(UUID pipelineId) {
        feed.requireAssigned();
        Scope scope = access.read(RecordType.DEAL);
        return streams.open(event -> event.data() instanceof DealChange change
                && scope.permits(change.ownerId())
                && (pipelineId == null || change.touches(pipelineId)));
    }

    static Optional<LiveEvent> change(CloudEvent event) {
        String type = event.type();
        if (!type.startsWith(DealEvents.TOPIC + ".")) {
            return Optional.empty();
        }
        JsonNode deal = event.data().path("deal");
        if (!deal.isObject()) {
            return Optional.empty();
        }
        String fact = type.substring(DealEvents.TOPIC.length() + 1, type.lastIndexOf(".v"));
        UUID from = uuid(event.data().path("fromPipelineId"));
        return Optional.of(new LiveEvent(
                "deal",
                event.id().toString(),
                new DealChange(
                        fact,
                        uuid(deal.path("id")),
                        deal.path("version").asLong(),
                        uuid(deal.path("pipelineId")),
                        from,
                        uuid(deal.path("stageId")),
                        deal.path("status").asString(null),
                        deal.path("ownerId").asString(null),
                        event.actor())));
    }

    private static UUID uuid(JsonNode node) {
        return node.isString() ? UUID.fromString(node.asString()) : null;
    }

    /**
     * What a board needs to know of a change to a deal: which deal, where it is now (and which pipeline it left), its
     * status and owner, and who changed it. The app refetches what it shows through the API.
     *
     * @param change the event's fact: created, updated, stage-changed, won, lost, reopened, deleted
     */
    record DealChange(
            String change,
            UUID dealId,
            long version,
            UUID pipelineId,
            UUID previousPipelineId,
            UUID stageId,
            String status,
            String ownerId,
            String changedBy) {

        boolean touches(UUID pipeline) {
            return pipeline.equals(pipelineId) || pipeline.equals(previousPipelineId);
        }
    }
}
