package io.integrationhub.routes.legacy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.camel.CamelContext;
import org.apache.camel.component.resilience4j.ResilienceProcessor;
import org.apache.camel.model.CircuitBreakerDefinition;
import org.apache.camel.model.ModelCamelContext;
import org.apache.camel.model.ProcessorDefinition;
import org.apache.camel.model.RouteDefinition;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Every Circuit Breaker EIP (Resilience4j) of the running routes: state and counts for the admin API, and
 * {@code hub.circuit.breaker.state{breaker}} (0 closed, 1 open, 2 half-open, 3 other) and
 * {@code hub.circuit.breaker.failure.rate{breaker}} for Prometheus. Hawtio shows the same through JMX.
 */
public class CircuitBreakers {

    private final CamelContext camel;

    public CircuitBreakers(CamelContext camel) {
        this.camel = camel;
    }

    public List<Map<String, Object>> all() {
        List<Map<String, Object>> breakers = new ArrayList<>();
        for (String id : ids()) {
            ResilienceProcessor breaker = camel.getProcessor(id, ResilienceProcessor.class);
            if (breaker == null) {
                continue;
            }
            Map<String, Object> view = new LinkedHashMap<>();
            view.put("name", id);
            view.put("route", breaker.getRouteId());
            view.put("state", breaker.getCircuitBreakerState());
            view.put("failureRate", breaker.getFailureRate());
            view.put("slowCallRate", breaker.getSlowCallRate());
            view.put("bufferedCalls", breaker.getNumberOfBufferedCalls());
            view.put("failedCalls", breaker.getNumberOfFailedCalls());
            view.put("notPermittedCalls", breaker.getNumberOfNotPermittedCalls());
            breakers.add(view);
        }
        return breakers;
    }

    void registerMetrics(MeterRegistry registry) {
        for (String id : ids()) {
            Gauge.builder("hub.circuit.breaker.state", () -> stateCode(id)).tag("breaker", id)
                    .description("0 closed, 1 open, 2 half-open, 3 other").register(registry);
            Gauge.builder("hub.circuit.breaker.failure.rate", () -> {
                ResilienceProcessor p = camel.getProcessor(id, ResilienceProcessor.class);
                return p == null ? Double.NaN : p.getFailureRate();
            }).tag("breaker", id).baseUnit("percent").register(registry);
        }
    }

    private int stateCode(String id) {
        ResilienceProcessor p = camel.getProcessor(id, ResilienceProcessor.class);
        String state = p == null ? "" : p.getCircuitBreakerState();
        return switch (state) {
            case "CLOSED" -> 0;
            case "OPEN" -> 1;
            case "HALF_OPEN" -> 2;
            default -> 3;
        };
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
