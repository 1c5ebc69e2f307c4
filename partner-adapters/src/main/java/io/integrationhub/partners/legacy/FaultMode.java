package io.integrationhub.partners.legacy;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * How a simulated legacy instance behaves: {@code normal}; {@code slow} (every answer waits {@code latencyMs});
 * {@code failing} (a share {@code errorRate} of calls answer 503); {@code down} (its port refuses connections).
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record FaultMode(String mode, Integer latencyMs, Double errorRate) {

    public static final FaultMode NORMAL = new FaultMode("normal", 0, 0.0);

    public FaultMode checked() {
        if (mode == null || !java.util.Set.of("normal", "slow", "failing", "down").contains(mode)) {
            throw io.integrationhub.routes.rest.ProblemException.badRequest(
                    "'mode' must be one of normal, slow, failing, down.");
        }
        int latency = latencyMs == null ? (mode.equals("slow") ? 2000 : 0) : latencyMs;
        double rate = errorRate == null ? (mode.equals("failing") ? 1.0 : 0.0) : errorRate;
        if (latency < 0 || latency > 600_000 || rate < 0 || rate > 1) {
            throw io.integrationhub.routes.rest.ProblemException.badRequest(
                    "'latencyMs' must be 0..600000 and 'errorRate' 0..1.");
        }
        return new FaultMode(mode, latency, rate);
    }
}
