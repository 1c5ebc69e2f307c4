package io.integrationhub.routes.outbox;

import java.util.List;

/** The held rows of one outbox, oldest first: {@code GET <admin base path>/outbox/{outbox}/held}. */
public record HeldOutboxRows(String outbox, List<HeldOutboxRow> held) {
}
