package io.integrationhub.order.saga;

import java.time.OffsetDateTime;

/** A saga's row in {@code orders.saga_instance}. */
public record SagaInstance(String id, String type, long orderId, SagaState state, int currentStep, String data,
        OffsetDateTime deadline, int attempts, String failureReason, String failedBecause, String traceParent, int version,
        OffsetDateTime createdAt, OffsetDateTime updatedAt, OffsetDateTime endedAt) {

    SagaContext context() {
        return new SagaContext(id, String.valueOf(orderId), traceParent, failureReason);
    }
}
