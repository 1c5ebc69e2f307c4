package io.integrationhub.routes.outbox;

import java.time.OffsetDateTime;

import io.swagger.v3.oas.annotations.media.Schema;

/**
 * An outbox row the broker refused for good, as operators see it ({@link OutboxHeldRows}). A top-level type: the
 * OpenAPI generator resolves response models by class name and cannot load nested ones.
 */
@Schema(name = "HeldOutboxRow", requiredProperties = { "id", "messageId", "messageType", "destination", "aggregateId",
    "failure", "failedAt" })
public record HeldOutboxRow(@Schema(description = "The outbox row's id") long id, String messageId, String messageType,
        @Schema(description = "queue:<name> or topic:<name>") String destination, String aggregateId,
        @Schema(nullable = true, description = "The broker's reason; null once released") String failure,
        @Schema(nullable = true, description = "When the relay held it; null once released") OffsetDateTime failedAt) {
}
