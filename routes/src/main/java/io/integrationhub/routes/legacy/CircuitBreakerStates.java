package io.integrationhub.routes.legacy;

import java.util.List;

import io.swagger.v3.oas.annotations.media.Schema;

/** What {@code GET <admin>/circuit-breakers} answers; its OpenAPI schema is this record. */
@Schema(name = "CircuitBreakers", requiredProperties = "circuitBreakers")
public record CircuitBreakerStates(List<State> circuitBreakers) {

    /** One breaker as Camel's Resilience4j processor reports it; the rates are -1 until enough calls were made. */
    @Schema(name = "CircuitBreaker", requiredProperties = { "name", "route", "state", "failureRate", "slowCallRate",
            "bufferedCalls", "failedCalls", "notPermittedCalls" })
    public record State(String name, String route,
            @Schema(allowableValues = { "CLOSED", "OPEN", "HALF_OPEN", "DISABLED", "FORCED_OPEN", "METRICS_ONLY" })
            String state,
            float failureRate, float slowCallRate, int bufferedCalls, int failedCalls, long notPermittedCalls) {
    }
}
