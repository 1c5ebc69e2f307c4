package io.integrationhub.routes.outbox;

import java.util.List;

import io.swagger.v3.oas.annotations.media.Schema;

/** What {@code GET <admin>/outbox} answers ({@link OutboxAdminRoute}); its OpenAPI schema is this record. */
@Schema(name = "OutboxStatus", requiredProperties = "outboxes")
public record OutboxStatus(List<Outbox> outboxes) {

    @Schema(name = "Outbox", requiredProperties = { "outbox", "backlog", "oldestUnpublishedAgeSeconds",
            "activeRelayHere", "publishedHere", "held" })
    public record Outbox(@Schema(description = "The schema whose outbox it is") String outbox,
            @Schema(description = "Rows not yet published") long backlog,
            @Schema(description = "0 when nothing waits") double oldestUnpublishedAgeSeconds,
            boolean activeRelayHere,
            @Schema(description = "Rows this instance relayed since it started") long publishedHere,
            @Schema(description = "Rows the broker refused for good, waiting for an operator (part of the backlog): "
                    + "GET <admin>/outbox/{outbox}/held") long held) {
    }
}
