package io.integrationhub.partners.legacy;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * How a simulated legacy instance behaves: {@code normal}; {@code slow} (every answer waits {@code latencyMs});
 * {@code failing} (a share {@code errorRate} of calls answer 503); {@code down} (its port refuses connections);
 * {@code declining} (accounting only: the instance answers normally but declines every card authorization, 402).
 * The limits are declared here once and checked by the request reader.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record FaultMode(
        @NotNull @Pattern(regexp = "normal|slow|failing|down|declining",
                message = "must be one of normal, slow, failing, down, declining")
        String mode,
        @Min(0) @Max(600_000) Integer latencyMs,
        @DecimalMin("0") @DecimalMax("1") Double errorRate) {

    public static final FaultMode NORMAL = new FaultMode("normal", 0, 0.0);
    public static final String DECLINING = "declining";

    /** With the defaults filled in: slow waits 2 s, failing fails every call. */
    public FaultMode checked() {
        int latency = latencyMs == null ? (mode.equals("slow") ? 2000 : 0) : latencyMs;
        double rate = errorRate == null ? (mode.equals("failing") ? 1.0 : 0.0) : errorRate;
        return new FaultMode(mode, latency, rate);
    }

    public boolean declining() {
        return DECLINING.equals(mode);
    }
}
