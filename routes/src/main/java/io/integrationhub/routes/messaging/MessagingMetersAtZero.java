package io.integrationhub.routes.messaging;

import java.util.List;

import org.apache.camel.CamelContext;
import org.apache.camel.Route;
import org.apache.camel.component.jms.JmsEndpoint;
import org.apache.camel.spring.boot.CamelContextConfiguration;
import org.springframework.beans.factory.ObjectProvider;

import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Registers the hub's counters at 0 once the routes run: for every consumed channel its dead letters and
 * redeliveries, for every templated consuming route its skipped duplicates, parked messages and delivery findings,
 * for every circuit breaker its fallbacks by reason, for every JMS endpoint that waits for a reply its
 * {@link RequestReplyTimer} by outcome. A counter that appears only with its first event shows "no data" on a
 * dashboard and cannot feed an {@code increase()} alert until then — the first dead letter would not alert.
 */
public class MessagingMetersAtZero implements CamelContextConfiguration {

    static final List<String> DEAD_LETTER_KINDS = List.of("poison", "exhausted");
    static final List<String> FALLBACK_REASONS = List.of("circuit-open", "bulkhead-full", "timeout", "failure");

    private final MeterRegistry meters;
    private final ObjectProvider<CircuitBreakerRegistry> breakers;

    public MessagingMetersAtZero(MeterRegistry meters, ObjectProvider<CircuitBreakerRegistry> breakers) {
        this.meters = meters;
        this.breakers = breakers;
    }

    @Override
    public void beforeApplicationStart(CamelContext camelContext) {
    }

    @Override
    public void afterApplicationStart(CamelContext camelContext) {
        for (Route route : camelContext.getRoutes()) {
            if (route.getEndpoint() instanceof JmsEndpoint jms) {
                String channel = jms.getDestinationName();
                DEAD_LETTER_KINDS.forEach(kind -> Counter.builder("hub.messages.dead-lettered")
                        .tag("channel", channel).tag("kind", kind)
                        .description("Messages moved to DLQ.<channel>, by why").register(meters));
                Counter.builder("hub.messages.redeliveries").tag("channel", channel)
                        .description("Failed deliveries rolled back for the broker to redeliver").register(meters);
                if (route.isCreatedByRouteTemplate()) {
                    Counter.builder("hub.messages.duplicates").tag("route", route.getRouteId())
                            .description("Messages skipped because their messageId was processed").register(meters);
                    // per-aggregate parking and the delivery auditor of the templates (io.integrationhub.routes.delivery)
                    Counter.builder("hub.messages.parked").tag("channel", channel)
                            .description("Messages kept behind a failed one of their aggregate").register(meters);
                    Counter.builder("hub.delivery.gaps").tag("channel", channel)
                            .description("aggregateSequence numbers found missing").register(meters);
                    Counter.builder("hub.delivery.duplicates").tag("channel", channel)
                            .description("aggregateSequence numbers delivered again").register(meters);
                    Counter.builder("hub.delivery.reorders").tag("channel", channel)
                            .description("Missing aggregateSequence numbers that arrived late").register(meters);
                }
            }
        }
        for (org.apache.camel.Endpoint endpoint : camelContext.getEndpoints()) {
            if (endpoint instanceof JmsEndpoint jms && RequestReplyTimer.isRequestReply(jms)) {
                RequestReplyTimer.OUTCOMES.forEach(
                        outcome -> RequestReplyTimer.timer(meters, jms.getDestinationName(), outcome));
            }
        }
        breakers.ifAvailable(registry -> registry.getAllCircuitBreakers().forEach(breaker -> FALLBACK_REASONS.forEach(
                reason -> Counter.builder("hub.circuit.breaker.fallbacks").tag("breaker", breaker.getName())
                        .tag("reason", reason).description("Calls a fallback answered instead of the legacy system")
                        .register(meters))));
    }
}
