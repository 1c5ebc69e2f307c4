package io.integrationhub.routes.tracing;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;

import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;

/**
 * The hub's few spans, over Micrometer Tracing (OpenTelemetry bridge, W3C {@code traceparent}): the REST intake,
 * one PRODUCER span per relayed outbox row, one CONSUMER span per consumed message. Why by hand and not Camel's
 * tracing of every endpoint: a message's context travels in the outbox row, not along a Camel exchange, and a span
 * per processor would cost the hot path more than it tells.
 *
 * <p>Each span is a child of the traceparent it is given (the request's, the row's, the message's) or of the current
 * span; without either it starts a trace. Whether a span is recorded is the sampler's decision
 * ({@code management.tracing.sampling.probability}); the context propagates either way.
 */
public class HubTracing {

    public static final String TRACEPARENT = "traceparent";
    /** The span tag naming the JMS component (i.e. the service) that produced or consumed a message. */
    public static final String TAG_COMPONENT = "hub.jms.component";
    public static final String TAG_DESTINATION = "messaging.destination.name";
    public static final String TAG_MESSAGE_TYPE = "hub.message.type";
    public static final String TAG_MESSAGE_ID = "messaging.message.id";

    /** No tracer: spans are no-ops and traceparents pass through unchanged (contexts built without tracing). */
    public static final HubTracing NOOP = new HubTracing(Tracer.NOOP, Propagator.NOOP);

    private final Tracer tracer;
    private final Propagator propagator;

    public HubTracing(Tracer tracer, Propagator propagator) {
        this.tracer = tracer;
        this.propagator = propagator;
    }

    /** A started span of {@code kind}, child of {@code traceParent} (when well-formed), else of the current span. */
    public Span start(String name, Span.Kind kind, String traceParent) {
        Span.Builder builder = traceParent == null
                ? tracer.spanBuilder()
                : propagator.extract(Map.of(TRACEPARENT, traceParent), Map::get);
        return builder.name(name).kind(kind).start();
    }

    /** Runs {@code work} in a SERVER span continuing {@code incoming} (the request's traceparent, may be null). */
    public <T> T server(String name, String incoming, Supplier<T> work) {
        // a current span is the HTTP server observation's, which already continued the request's header
        Span span = start(name, Span.Kind.SERVER, tracer.currentSpan() == null ? incoming : null);
        try (Tracer.SpanInScope scope = tracer.withSpan(span)) {
            return work.get();
        } catch (RuntimeException e) {
            span.error(e);
            throw e;
        } finally {
            span.end();
        }
    }

    /** Puts {@code span} in scope on this thread (log lines get its traceId/spanId); close the scope on this thread. */
    public Tracer.SpanInScope inScope(Span span) {
        return tracer.withSpan(span);
    }

    /** The W3C traceparent of {@code span}, or {@code fallback} when it has none (a no-op tracer). */
    public String traceParent(Span span, String fallback) {
        Map<String, String> carrier = new HashMap<>(4);
        propagator.inject(span.context(), carrier, Map::put);
        String traceParent = carrier.get(TRACEPARENT);
        return traceParent == null ? fallback : traceParent;
    }

    /**
     * The traceparent of the current span, or {@code fallback} outside any span: what an outbox row stores, so the
     * message it becomes continues the span that wrote it (a consumer's reply, a saga's next command).
     */
    public String currentTraceParent(String fallback) {
        Span current = tracer.currentSpan();
        return current == null ? fallback : traceParent(current, fallback);
    }
}
