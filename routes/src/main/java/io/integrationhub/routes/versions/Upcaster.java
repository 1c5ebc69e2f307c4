package io.integrationhub.routes.versions;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Turns a payload of one major version into the next major's shape (e.g. OrderCreated 1.x → 2.0). Upcasters chain:
 * a consumer that reads 3.0 and knows 1→2 and 2→3 reads 1.x too. A payload an upcaster cannot convert is poison
 * ({@link io.integrationhub.routes.messaging.PoisonMessageException}).
 */
@FunctionalInterface
public interface Upcaster {

    ObjectNode upcast(ObjectNode payload);
}
