package io.integrationhub.routes.versions;

import java.util.SortedSet;

/**
 * Messages the deploy gate found that this build (or a known consumer) cannot read.
 *
 * @param where    e.g. "queue notification.commands" or "outbox orders (unpublished, to topic:order.events)"
 * @param count    how many wait there; 0 for a configured version nothing was written in yet
 * @param versions the messageType and version of each kind found, e.g. "OrderCreated 9.0"
 * @param readable what can be read there, e.g. "this build accepts 1.x, 2.x"
 */
public record StrandedMessages(String where, long count, SortedSet<String> versions, String readable) {

    public String describe() {
        String what = count == 0 ? String.join(", ", versions)
                : count + " message(s) of " + String.join(", ", versions);
        return where + ": " + what + " — " + readable;
    }
}
