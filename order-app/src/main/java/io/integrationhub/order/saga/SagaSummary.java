package io.integrationhub.order.saga;

import java.time.OffsetDateTime;

import io.swagger.v3.oas.annotations.media.Schema;

/** One saga in a {@link SagaPage}; every field is always present, the nullable ones say when they are null. */
@Schema(name = "SagaSummary", requiredProperties = { "sagaId", "type", "state", "orderId", "currentStep",
        "attempts", "ageSeconds", "deadline", "failureReason", "failedBecause", "createdAt", "updatedAt",
        "endedAt" })
public record SagaSummary(@Schema(format = "uuid") String sagaId, String type, SagaState state, String orderId,
        String currentStep, int attempts, long ageSeconds,
        @Schema(nullable = true, description = "When the current step must have its replies; null once ended")
        OffsetDateTime deadline,
        @Schema(nullable = true, description = "Why the saga compensates") String failureReason,
        @Schema(nullable = true, description = "Why a FAILED saga stopped") String failedBecause,
        OffsetDateTime createdAt, OffsetDateTime updatedAt,
        @Schema(nullable = true) OffsetDateTime endedAt) {
}
