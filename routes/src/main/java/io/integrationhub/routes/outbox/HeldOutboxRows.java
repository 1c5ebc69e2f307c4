package io.integrationhub.routes.outbox;

import java.util.List;

import io.swagger.v3.oas.annotations.media.Schema;

/** The held rows of one outbox, oldest first: {@code GET <admin base path>/outbox/{outbox}/held}. */
@Schema(name = "HeldOutboxRows", requiredProperties = { "outbox", "held" })
public record HeldOutboxRows(String outbox, List<HeldOutboxRow> held) {
}
