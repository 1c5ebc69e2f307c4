package io.integrationhub.routes.delivery;

import java.util.List;

import io.swagger.v3.oas.annotations.media.Schema;

/** What the parking and delivery-audit admin API answers ({@link DeliveryAdminRoute}); the OpenAPI schemas. */
public final class DeliveryViews {

    private DeliveryViews() {
    }

    @Schema(name = "ParkedAggregates", requiredProperties = { "parkedAggregates" })
    public record ParkedAggregates(List<ParkedAggregate> parkedAggregates) {
    }

    /** An aggregate whose messages on one route wait behind a failed one. */
    @Schema(name = "ParkedAggregate", requiredProperties = { "schema", "route", "channel", "aggregateId",
            "blockingMessageId", "deadLettered", "since", "messages" })
    public record ParkedAggregate(String schema, String route, String channel,
            @Schema(nullable = true) String aggregateType, String aggregateId,
            @Schema(description = "The failed message the others wait behind: replay it (dead-letters API) or skip it")
            String blockingMessageId,
            @Schema(description = "false while the broker still redelivers it; true once it is in DLQ.<channel>")
            boolean deadLettered,
            @Schema(nullable = true) String reason,
            @Schema(format = "date-time") String since,
            @Schema(description = "In arrival order, the order they are released in") List<ParkedMessage> messages) {
    }

    @Schema(name = "ParkedMessage", requiredProperties = { "position", "messageId", "parkedAt" })
    public record ParkedMessage(long position, String messageId, @Schema(nullable = true) String messageType,
            @Schema(nullable = true) Long aggregateSequence, @Schema(format = "date-time") String parkedAt) {
    }

    @Schema(name = "Skipped", requiredProperties = { "deadLettersRemoved", "released" })
    public record Skipped(@Schema(description = "Dead letters of the blocking message taken out of DLQ.<channel>")
            int deadLettersRemoved,
            @Schema(description = "Parked messages processed, in order") int released,
            @Schema(nullable = true, description = "Set when a released message failed: it is the aggregate's new "
                    + "dead letter and the rest stay parked") String newBlockingMessageId) {
    }

    @Schema(name = "DeliveryFindings", requiredProperties = { "findings", "alarmedGaps" })
    public record Findings(List<Finding> findings, @Schema(description = "Open gaps past hub.delivery-audit"
            + ".gap-alarm-after, in this application's schemas") long alarmedGaps) {
    }

    /** One row of delivery_audit. */
    @Schema(name = "DeliveryFinding", requiredProperties = { "id", "schema", "route", "channel", "source",
            "aggregateId", "kind", "expected", "got", "seenAt" })
    public record Finding(long id, String schema, String route, String channel,
            @Schema(description = "The producing outbox (header aggregateSequenceSource)") String source,
            @Schema(nullable = true) String aggregateType, String aggregateId,
            @Schema(allowableValues = { "gap", "duplicate", "reorder" }) String kind,
            @Schema(description = "gap: the missing number; duplicate/reorder: the highest seen before") long expected,
            @Schema(description = "The number that arrived") long got,
            @Schema(nullable = true) String messageId,
            @Schema(format = "date-time") String seenAt,
            @Schema(nullable = true, format = "date-time") String alarmedAt,
            @Schema(nullable = true, format = "date-time", description = "gap: when the missing number arrived")
            String resolvedAt) {
    }
}
