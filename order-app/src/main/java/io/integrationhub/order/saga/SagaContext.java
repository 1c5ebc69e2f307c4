package io.integrationhub.order.saga;

/**
 * What a reply handler or ending knows about its saga: its id, the aggregate it runs for, the trace it continues and,
 * for an ending after compensation, why the saga failed.
 */
public record SagaContext(String sagaId, String aggregateId, String traceParent, String failureReason) {
}
