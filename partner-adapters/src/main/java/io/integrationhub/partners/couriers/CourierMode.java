package io.integrationhub.partners.couriers;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * How a simulated courier behaves: {@code normal}; {@code slow} (every answer waits {@code latencyMs});
 * {@code declining} (answers DeliveryQuoteDeclined); {@code stopped} (its subscription route is stopped: requests wait
 * in its durable subscription and are answered — late — when it is set back).
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record CourierMode(
        @NotNull @Pattern(regexp = "normal|slow|declining|stopped",
                message = "must be one of normal, slow, declining, stopped")
        String mode,
        @Min(0) @Max(600_000) Integer latencyMs) {

    public static final CourierMode NORMAL = new CourierMode("normal", 0);

    /** With the default filled in: slow waits 2 s. */
    public CourierMode checked() {
        return new CourierMode(mode, latencyMs == null ? (mode.equals("slow") ? 2000 : 0) : latencyMs);
    }

    boolean is(String name) {
        return name.equals(mode);
    }
}
