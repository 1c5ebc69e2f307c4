package io.integrationhub.order.journeys;

import java.util.List;

import io.integrationhub.routes.journey.JourneyEntry;
import io.swagger.v3.oas.annotations.media.Schema;

/** {@code GET /api/v1/admin/journeys/{orderId}}: the entries in journey order, and what could not be read. */
@Schema(name = "Journey", requiredProperties = { "orderId", "entries", "notes" })
public record JourneyView(String orderId,
        @Schema(description = "Everything that happened to the order, oldest first") List<JourneyEntry> entries,
        @Schema(description = "Parts that could not be read (e.g. partner-adapters unavailable), each saying why")
        List<String> notes) {
}
