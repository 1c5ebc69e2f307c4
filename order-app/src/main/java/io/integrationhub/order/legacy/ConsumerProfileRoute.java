package io.integrationhub.order.legacy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.model.CircuitBreakerDefinition;
import org.apache.camel.model.RouteDefinition;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.integrationhub.routes.legacy.CircuitBreakers;
import io.integrationhub.routes.legacy.LegacyCalls;

/**
 * {@code direct:consumer-profile}: the consumer's profile from the legacy consumer-profile API, behind the Circuit
 * Breaker EIP with Resilience4j — a time limit per call, a bulkhead on outstanding calls, failure-rate and slow-call
 * thresholds, a wait in the open state and half-open probing (numbers in order-app.yml, each explained there). The
 * configured instances are tried in turn with fail-over (client-side discovery from configuration).
 *
 * <p>Fallback, answered without the network: the last profile seen for that consumer, marked {@code stale}, or
 * nothing. The caller gets a body {@code {"source": "live"|"cache"|"none", "profile": {...}}}, never an exception.
 */
@Component
public class ConsumerProfileRoute extends RouteBuilder {

    static final String BREAKER = "consumer-profile-breaker";

    private final ObjectMapper json;
    private final List<String> instances;
    private final Map<String, Map<String, Object>> lastSeen = new ConcurrentHashMap<>();
    private final org.springframework.core.env.Environment settings;
    private final CircuitBreakers breakers;

    public ConsumerProfileRoute(ObjectMapper json,
            @Value("${hub.order-app.legacy.consumer-profiles.instances}") List<String> instances,
            org.springframework.core.env.Environment environment, CircuitBreakers breakers) {
        this.json = json;
        this.instances = instances;
        this.settings = environment;
        this.breakers = breakers;
    }

    @Override
    public void configure() {
        RouteDefinition route = from("direct:consumer-profile").routeId("consumer-profile")
                .description("Legacy consumer-profile API behind a circuit breaker, with a cached fallback")
                .setProperty("consumerId", body()).id("profile-keep-consumer-id")
                // nothing of the caller's request (CamelHttpUri, query, headers) may leak into the legacy call
                .removeHeaders("*").id("profile-drop-caller-headers");
        CircuitBreakerDefinition breaker = LegacyCalls.breaker(route, BREAKER, settings,
                "hub.order-app.legacy.consumer-profiles");
        breaker.setHeader(Exchange.HTTP_METHOD, constant("GET")).id("profile-set-http-method")
                .setHeader(Exchange.HTTP_PATH, simple("/${exchangeProperty.consumerId}")).id("profile-set-http-path")
                .setBody(constant(null)).id("profile-no-request-body");
        LegacyCalls.failover(breaker, instances, "legacy-profiles-");
        breaker.process(this::live).id("read-live-profile");
        LegacyCalls.fallback(breaker, this::fallback, "answer-from-cache").end();
    }

    /** A 5xx counts as a failure for the breaker; a 404 is an answer (no such consumer). */
    private void live(Exchange exchange) throws Exception {
        int status = exchange.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE, 0, Integer.class);
        String consumerId = exchange.getProperty("consumerId", String.class);
        if (status >= 500 || status == 0) {
            throw new IllegalStateException("legacy consumer-profile API answered " + status);
        }
        Map<String, Object> result = new LinkedHashMap<>();
        if (status == 404) {
            result.put("source", "live");
            result.put("profile", null);
        } else {
            @SuppressWarnings("unchecked")
            // BigDecimal, not double: the profile is passed on as it came ("creditLimit": 900.00, not 900.0)
            Map<String, Object> profile = json.readerFor(Map.class)
                    .with(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
                    .readValue(exchange.getMessage().getBody(String.class));
            lastSeen.put(consumerId, profile);
            result.put("source", "live");
            result.put("profile", profile);
        }
        exchange.getMessage().setBody(result);
    }

    private void fallback(Exchange exchange) {
        String consumerId = exchange.getProperty("consumerId", String.class);
        Map<String, Object> cached = lastSeen.get(consumerId);
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("source", cached == null ? "none" : "cache");
        if (cached != null) {
            Map<String, Object> stale = new LinkedHashMap<>(cached);
            stale.put("stale", true);
            result.put("profile", stale);
        } else {
            result.put("profile", null);
        }
        log.warn("Legacy consumer-profile call for {} not made or failed ({}); the fallback answered from {}",
                consumerId, breakers.fallbackReason(BREAKER, exchange), result.get("source"));
        exchange.getMessage().setBody(result);
    }
}
