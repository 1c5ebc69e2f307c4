package io.integrationhub.routes.outbox;

import java.time.OffsetDateTime;

/**
 * An outbox row the broker refused for good, as operators see it ({@link OutboxHeldRows}). A top-level type: the
 * OpenAPI generator resolves response models by class name and cannot load nested ones.
 */
public record HeldOutboxRow(long id, String messageId, String messageType, String destination, String aggregateId,
        String failure, OffsetDateTime failedAt) {
}
