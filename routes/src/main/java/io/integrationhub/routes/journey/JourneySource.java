package io.integrationhub.routes.journey;

import java.util.List;

/**
 * One source of journey entries. In order-app every bean of this type is a source of {@code GET
 * /api/v1/admin/journeys/{orderId}}: a new kind of record (parked messages, audit findings, …) joins the journey as one
 * class implementing this. partner-adapters lists its sources itself (PartnerJourneyRoute): in the embedded mode both
 * applications share one Spring context, and order-app must not read the partners' tables.
 */
public interface JourneySource {

    /** This source's entries about the query's aggregate, in any order; none when it knows nothing of it. */
    List<JourneyEntry> entries(JourneyQuery query) throws Exception;
}
