package io.integrationhub.order.journeys;

import io.integrationhub.routes.journey.JourneyQuery;

/** order-app's aggregates are orders: their ids are numbers (checked by the API before any source runs). */
final class JourneyQueries {

    private JourneyQueries() {
    }

    static long orderId(JourneyQuery query) {
        return Long.parseLong(query.aggregateId());
    }
}
