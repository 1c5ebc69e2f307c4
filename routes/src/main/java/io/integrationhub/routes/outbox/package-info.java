/**
 * The transactional outbox (DESIGN.md §5 rules 1–2): {@link io.integrationhub.routes.outbox.OutboxWriter} appends a
 * message in the caller's database transaction; the {@code outbox-publisher} route template relays committed rows to
 * the broker with the envelope; {@link io.integrationhub.routes.outbox.OutboxRelay} decides when (wake-up after commit,
 * slow safety poll) and where (one active relay per outbox, PostgreSQL advisory lock);
 * {@link io.integrationhub.routes.outbox.OutboxLogTailing} is the alternative relay ({@code hub.outbox.relay:
 * log-tailing}) that reads the same table's inserts from the transaction log. Depends on nothing domain.
 */
package io.integrationhub.routes.outbox;
