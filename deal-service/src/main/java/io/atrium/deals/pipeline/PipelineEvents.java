package io.atrium.deals.pipeline;

import io.atrium.platform.events.DomainEvent;
import io.atrium.platform.events.EventType;
import java.util.List;

/** The events of the pipeline aggregate, on topic {@value #TOPIC}: every configuration change of a pipeline. */
public final class PipelineEvents {

    public static final String TOPIC = "crm.pipeline";
    public static final EventType CREATED = EventType.of(TOPIC, "created", 1);
    public static final EventType UPDATED = EventType.of(TOPIC, "updated", 1);
    public static final EventType ARCHIVED = EventType.of(TOPIC, "archived", 1);
    public static final EventType RESTORED = EventType.of(TOPIC, "restored", 1);

    private PipelineEvents() {}

    /** Every pipeline event carries the whole pipeline after the change; updated also names what changed. */
    public record PipelineChanged(EventType eventType, PipelineView pipeline, List<String> changedFields)
            implements DomainEvent {

        @Override
        public String aggregateId() {
            return pipeline.id().toString();
        }

        @Override
        public long aggregateVersion() {
            return pipeline.version();
        }

        @Override
        public Object data() {
            return changedFields == null ? new Data(pipeline) : new UpdatedData(pipeline, changedFields);
        }

        record Data(PipelineView pipeline) {}

        record UpdatedData(PipelineView pipeline, List<String> changedFields) {}
    }
}
