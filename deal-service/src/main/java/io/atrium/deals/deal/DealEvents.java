package io.atrium.deals.deal;

import io.atrium.platform.events.DomainEvent;
import io.atrium.platform.events.EventType;
import java.util.List;
import java.util.UUID;

/** The events of the deal aggregate, on topic {@value #TOPIC}. Each carries the whole deal after the change. */
public final class DealEvents {

    public static final String TOPIC = "crm.deal";
    public static final EventType CREATED = EventType.of(TOPIC, "created", 1);
    public static final EventType UPDATED = EventType.of(TOPIC, "updated", 1);
    public static final EventType STAGE_CHANGED = EventType.of(TOPIC, "stage-changed", 1);
    public static final EventType WON = EventType.of(TOPIC, "won", 1);
    public static final EventType LOST = EventType.of(TOPIC, "lost", 1);
    public static final EventType REOPENED = EventType.of(TOPIC, "reopened", 1);
    public static final EventType DELETED = EventType.of(TOPIC, "deleted", 1);

    private DealEvents() {}

    /** Created, won, lost, reopened and deleted carry the deal; updated also the names of the fields that changed. */
    public record DealChanged(EventType eventType, DealView deal, List<String> changedFields) implements DomainEvent {

        @Override
        public String aggregateId() {
            return deal.id().toString();
        }

        @Override
        public long aggregateVersion() {
            return deal.version();
        }

        @Override
        public Object data() {
            return changedFields == null ? new Data(deal) : new UpdatedData(deal, changedFields);
        }

        record Data(DealView deal) {}

        record UpdatedData(DealView deal, List<String> changedFields) {}
    }

    /** The deal moved to another stage (perhaps of another pipeline), after this long in the one it left. */
    public record StageChanged(DealView deal, StageChange change) implements DomainEvent {

        @Override
        public EventType eventType() {
            return STAGE_CHANGED;
        }

        @Override
        public String aggregateId() {
            return deal.id().toString();
        }

        @Override
        public long aggregateVersion() {
            return deal.version();
        }

        @Override
        public Object data() {
            return new Data(
                    deal,
                    change.fromPipelineId(),
                    change.fromStageId(),
                    change.toPipelineId(),
                    change.toStageId(),
                    change.millisInPreviousStage());
        }

        record Data(
                DealView deal,
                UUID fromPipelineId,
                UUID fromStageId,
                UUID toPipelineId,
                UUID toStageId,
                long timeInPreviousStageMillis) {}
    }
}
