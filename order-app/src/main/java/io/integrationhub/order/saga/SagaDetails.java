package io.integrationhub.order.saga;

import java.time.OffsetDateTime;
import java.util.List;

import io.swagger.v3.oas.annotations.media.Schema;

/** {@code GET /api/v1/admin/sagas/{sagaId}} and the answers of retry / compensate: a saga with its data and step log. */
@Schema(name = "SagaDetails", requiredProperties = { "sagaId", "type", "state", "orderId", "currentStep",
        "attempts", "ageSeconds", "deadline", "failureReason", "failedBecause", "createdAt", "updatedAt",
        "endedAt", "data", "steps" })
public record SagaDetails(@Schema(format = "uuid") String sagaId, String type, SagaState state, String orderId,
        String currentStep, int attempts, long ageSeconds,
        @Schema(nullable = true) OffsetDateTime deadline,
        @Schema(nullable = true) String failureReason,
        @Schema(nullable = true) String failedBecause,
        OffsetDateTime createdAt, OffsetDateTime updatedAt,
        @Schema(nullable = true) OffsetDateTime endedAt,
        @Schema(type = "object", description = "The saga's own data, as each saga type defines it") Object data,
        List<SagaStepView> steps) {

    static SagaDetails of(SagaSummary s, Object data, List<SagaStepView> steps) {
        return new SagaDetails(s.sagaId(), s.type(), s.state(), s.orderId(), s.currentStep(), s.attempts(),
                s.ageSeconds(), s.deadline(), s.failureReason(), s.failedBecause(), s.createdAt(), s.updatedAt(),
                s.endedAt(), data, steps);
    }
}
