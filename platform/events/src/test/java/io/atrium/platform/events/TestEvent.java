package io.atrium.platform.events;

/** An event of the test-only type {@code crm.probe.changed.v1}, whose schema lives in the test resources. */
record TestEvent(String aggregateId, long aggregateVersion, String note) implements DomainEvent {

    static final EventType CHANGED = EventType.of("crm.probe", "changed", 1);

    @Override
    public EventType eventType() {
        return CHANGED;
    }

    @Override
    public Object data() {
        return new Data(aggregateId, aggregateVersion, note);
    }

    record Data(String id, long version, String note) {}
}
