package io.integrationhub.routes.journey;

import java.util.Set;

/**
 * What a journey is asked for: the aggregate (an order's id) and the messageIds already known to concern it (its
 * outbox rows, the commands its sagas sent and the replies they got), so that a source keyed by messageId — a
 * processed-message table — finds its rows without knowing the aggregate.
 */
public record JourneyQuery(String aggregateId, Set<String> messageIds) {

    public JourneyQuery {
        messageIds = Set.copyOf(messageIds);
    }
}
