package io.integrationhub.partners.journeys;

import java.util.List;

import io.integrationhub.routes.journey.JourneyEntry;
import io.swagger.v3.oas.annotations.media.Schema;

/** {@code GET /partners/api/v1/admin/journeys/{aggregateId}}: partner-adapters' entries, in journey order. */
@Schema(name = "PartnerJourney", requiredProperties = { "aggregateId", "entries" })
public record PartnerJourneyView(String aggregateId, List<JourneyEntry> entries) {
}
