package io.integrationhub.routes.legacy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeoutException;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.component.resilience4j.ResilienceProcessor;
import org.apache.camel.model.CircuitBreakerDefinition;
import org.apache.camel.model.ModelCamelContext;
import org.apache.camel.model.ProcessorDefinition;
import org.apache.camel.model.RouteDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;

import io.github.resilience4j.bulkhead.BulkheadFullException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Every Circuit Breaker EIP (Resilience4j) of the running routes: state and counts for the admin API, and why a
 * fallback answered. Meters: Resilience4j's own ({@code resilience4j_circuitbreaker_state}, {@code _calls} by kind,
 * {@code resilience4j_bulkhead_*}; micrometerEnabled in {@link LegacyCalls})
 * and {@code hub.circuit.breaker.fallbacks{breaker,reason}}. Hawtio shows the breakers through JMX.
 */
public class CircuitBreakers {

    /**
     * The outcome of the last guarded call on this thread. Camel's fallback does not see the Resilience4j exception
     * (a timeout, a full bulkhead and an open circuit all arrive without one), but the breaker publishes its events
     * on the calling thread, which then runs the fallback: the event tells the fallback why.
     */
    private static final Logger log = LoggerFactory.getLogger(CircuitBreakers.class);
    private static final ThreadLocal<String> lastOutcome = new ThreadLocal<>();

    private final CamelContext camel;
    private final ObjectProvider<MeterRegistry> meters;

    public CircuitBreakers(CamelContext camel, ObjectProvider<MeterRegistry> meters, CircuitBreakerRegistry registry) {
        this.camel = camel;
        this.meters = meters;
        registry.getAllCircuitBreakers().forEach(CircuitBreakers::listen);
        registry.getEventPublisher().onEntryAdded(added -> listen(added.getAddedEntry()))
                .onEntryReplaced(replaced -> listen(replaced.getNewEntry()));
    }

    private static void listen(CircuitBreaker breaker) {
        breaker.getEventPublisher()
                // once per change, not per call: what an operator needs in the log while a legacy system is down
                .onStateTransition(event -> log.warn("Circuit breaker {}: {}", event.getCircuitBreakerName(),
                        event.getStateTransition()))
                .onSuccess(event -> lastOutcome.remove())
                .onCallNotPermitted(event -> lastOutcome.set("circuit-open"))
                .onError(event -> lastOutcome.set(classify(event.getThrowable())));
    }

    private static String classify(Throwable error) {
        if (error instanceof BulkheadFullException) {
            return "bulkhead-full";
        }
        if (error instanceof TimeoutException) {
            return "timeout";
        }
        return "failure";
    }

    /**
     * For a breaker's onFallback: why the legacy system did not answer — {@code circuit-open}, {@code bulkhead-full}
     * (too many calls outstanding), {@code timeout} or {@code failure: <cause>} — for the log line and the reason of
     * a deferral; counted per breaker and reason (without the cause).
     */
    public String fallbackReason(String breaker, Exchange exchange) {
        Throwable cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        String reason = lastOutcome.get();
        lastOutcome.remove();
        if (reason == null) {
            reason = cause != null ? "failure" : "circuit-open";
        }
        String counted = reason;
        meters.ifAvailable(registry -> Counter.builder("hub.circuit.breaker.fallbacks").tag("breaker", breaker)
                .tag("reason", counted).description("Calls a fallback answered instead of the legacy system")
                .register(registry).increment());
        return cause == null ? reason : reason + ": " + cause;
    }

    public List<CircuitBreakerStates.State> all() {
        List<CircuitBreakerStates.State> breakers = new ArrayList<>();
        for (String id : ids()) {
            ResilienceProcessor breaker = camel.getProcessor(id, ResilienceProcessor.class);
            if (breaker == null) {
                continue;
            }
            breakers.add(new CircuitBreakerStates.State(id, breaker.getRouteId(), breaker.getCircuitBreakerState(),
                    breaker.getFailureRate(), breaker.getSlowCallRate(), breaker.getNumberOfBufferedCalls(),
                    breaker.getNumberOfFailedCalls(), breaker.getNumberOfNotPermittedCalls()));
        }
        return breakers;
    }

    private List<String> ids() {
        List<String> ids = new ArrayList<>();
        for (RouteDefinition route : ((ModelCamelContext) camel).getRouteDefinitions()) {
            collect(route.getOutputs(), ids);
        }
        return ids;
    }

    private static void collect(List<ProcessorDefinition<?>> outputs, List<String> ids) {
        for (ProcessorDefinition<?> node : outputs) {
            if (node instanceof CircuitBreakerDefinition breaker && breaker.getId() != null) {
                ids.add(breaker.getId());
            }
            collect(node.getOutputs(), ids);
        }
    }
}
