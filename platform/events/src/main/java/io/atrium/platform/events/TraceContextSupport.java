package io.atrium.platform.events;

import io.micrometer.tracing.Span;
import io.micrometer.tracing.TraceContext;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Carries W3C trace context between requests and events: the current span becomes the event's {@code traceparent},
 * and a consumer continues the producer's trace from it. Without a tracer both are no-ops.
 */
public class TraceContextSupport {

    private final Tracer tracer;
    private final Propagator propagator;

    public TraceContextSupport(Tracer tracer, Propagator propagator) {
        this.tracer = tracer;
        this.propagator = propagator;
    }

    public static TraceContextSupport disabled() {
        return new TraceContextSupport(null, null);
    }

    public String currentTraceparent() {
        if (tracer == null || propagator == null) {
            return null;
        }
        TraceContext context = tracer.currentTraceContext().context();
        if (context == null) {
            return null;
        }
        Map<String, String> carrier = new HashMap<>();
        propagator.inject(context, carrier, Map::put);
        return carrier.get("traceparent");
    }

    /** Runs {@code work} in a consumer span that continues the trace recorded in the event. */
    public <T> T continueTrace(CloudEvent event, String name, Supplier<T> work) {
        if (tracer == null || propagator == null) {
            return work.get();
        }
        Span span = consumerSpan(event, name);
        try (Tracer.SpanInScope ignored = tracer.withSpan(span)) {
            return work.get();
        } catch (RuntimeException e) {
            span.error(e);
            throw e;
        } finally {
            span.end();
        }
    }

    /**
     * Runs {@code work}, which handles all these events together (a set-based effect), with a consumer span per event
     * that continues the trace recorded in it ({@code <prefix> <event type>}): each event's trace shows when and how long
     * it was being applied. None of them is current during the work (it belongs to them all); work done for one event
     * alone (e.g. an erasure applied between runs, whose effects publish events of their own) runs in that event's span
     * through {@link #inSpanOf}. If the work fails, the spans are tagged {@code atrium.poll.failed} rather than marked as
     * errors: the poll's events are then applied one at a time, each in a span of its own that shows the real failure.
     * (A failure at the commit, after the work, is not tagged: the spans end with the work.)
     */
    public <T> T continueTraces(java.util.List<CloudEvent> events, String prefix, Supplier<T> work) {
        if (tracer == null || propagator == null || events.isEmpty()) {
            return work.get();
        }
        java.util.Map<java.util.UUID, Span> spans = new java.util.HashMap<>();
        for (CloudEvent event : events) {
            spans.putIfAbsent(
                    event.id(),
                    consumerSpan(event, prefix + " " + event.type())
                            .tag("messaging.batch.message_count", String.valueOf(events.size())));
        }
        java.util.Map<java.util.UUID, Span> outer = POLL_SPANS.get();
        POLL_SPANS.set(spans);
        try {
            return work.get();
        } catch (RuntimeException e) {
            spans.values().forEach(span -> span.tag("atrium.poll.failed", "true"));
            throw e;
        } finally {
            POLL_SPANS.set(outer);
            spans.values().forEach(Span::end);
        }
    }

    /**
     * Runs {@code work} for this one event with its span current: the span {@link #continueTraces} started for it when
     * called within that. Otherwise the caller's span is already the event's (a poll applied one event at a time runs
     * each in its own consumer span, {@link #continueTrace}), and the work runs as it is. What the work writes (log
     * lines, events through the outbox) then carries the event's trace.
     */
    public <T> T inSpanOf(CloudEvent event, Supplier<T> work) {
        if (tracer == null || propagator == null) {
            return work.get();
        }
        java.util.Map<java.util.UUID, Span> spans = POLL_SPANS.get();
        Span span = spans == null ? null : spans.get(event.id());
        if (span == null) {
            return work.get();
        }
        try (Tracer.SpanInScope ignored = tracer.withSpan(span)) {
            return work.get();
        }
    }

    private static final ThreadLocal<java.util.Map<java.util.UUID, Span>> POLL_SPANS = new ThreadLocal<>();

    private Span consumerSpan(CloudEvent event, String name) {
        return (event.traceparent() == null
                        ? tracer.spanBuilder()
                        : propagator.extract(event, (e, key) -> "traceparent".equals(key) ? e.traceparent() : null))
                .name(name)
                .kind(Span.Kind.CONSUMER)
                .tag("cloudevents.event_id", event.id().toString())
                .tag("cloudevents.event_type", event.type())
                .tag("cloudevents.event_subject", event.subject())
                .start();
    }
}
