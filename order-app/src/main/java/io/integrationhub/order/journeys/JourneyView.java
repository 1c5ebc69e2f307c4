package io.integrationhub.order.journeys;

import java.util.List;

import io.integrationhub.routes.journey.JourneyEntry;
import io.swagger.v3.oas.annotations.media.Schema;

/** {@code GET /api/v1/admin/journeys/{orderId}}: the entries in time order, and what could not be read. */
@Schema(name = "Journey", requiredProperties = { "orderId", "entries", "notes" })
public record JourneyView(String orderId,
        @Schema(description = "Everything that happened to the order, oldest first") List<Entry> entries,
        @Schema(description = "Parts that could not be read (e.g. partner-adapters unavailable), each saying why")
        List<String> notes) {

    /** One entry (JourneyEntry with its instant as an ISO-8601 string). */
    @Schema(name = "JourneyEntry", requiredProperties = { "at", "kind", "service", "summary" })
    public record Entry(@Schema(format = "date-time") String at,
            @Schema(description = "order-state, outbox-written, outbox-published, queued, dead-lettered, replayed, "
                    + "processed, saga-started, saga-step-sent, saga-step-replied, saga-step-timed-out, saga-ended, "
                    + "ticket, authorization, note") String kind,
            @Schema(description = "order-app, partner-adapters or broker") String service,
            @Schema(nullable = true) String channel,
            @Schema(nullable = true) String messageType,
            @Schema(nullable = true) String messageId,
            @Schema(nullable = true) String correlationId,
            String summary) {

        static Entry of(JourneyEntry e) {
            return new Entry(e.at().toString(), e.kind(), e.service(), e.channel(), e.messageType(), e.messageId(),
                    e.correlationId(), e.summary());
        }
    }
}
