package io.integrationhub.routes.versions;

import java.util.SortedSet;

/**
 * Messages the deploy gate found that this build (or a known consumer) cannot read.
 *
 * @param where    e.g. "queue notification.commands" or "outbox orders (unpublished, to topic:order.events)"
 * @param versions the messageType and version of each kind found, e.g. "OrderCreated 9.0"
 * @param readable what can be read there, e.g. "this build accepts 1.x, 2.x"
 */
public record StrandedMessages(String where, long count, SortedSet<String> versions, String readable) {

    public String describe() {
        return where + ": " + count + " message(s) of " + String.join(", ", versions) + " — " + readable;
    }
}
