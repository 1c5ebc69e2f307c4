package io.integrationhub.routes.outbox;



import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;

/**
 * Lag of one outbox (DESIGN.md §5 rule 2f): {@code hub.outbox.backlog} (committed rows not yet on the broker),
 * {@code hub.outbox.oldest.age} (seconds the oldest of them has waited), {@code hub.outbox.held} (rows the broker
 * refused for good, waiting for an operator), {@code hub.outbox.relay.active} (1 on the
 * instance holding the relay lock) and {@code hub.outbox.published} (rows relayed by this instance). Backlog and age
 * come from {@link OutboxLag}. A log-tailing outbox adds its replication slot: {@code hub.outbox.slot.lag} and
 * {@code hub.outbox.slot.retained} (bytes, {@link OutboxSlotLag}) and {@code hub.outbox.slot.active}.
 */
final class OutboxMetrics {

    private OutboxMetrics() {
    }

    static void register(MeterRegistry registry, OutboxRelay relay) {
        Tags tags = Tags.of("outbox", relay.schema());
        OutboxLag lag = relay.lag();
        Gauge.builder("hub.outbox.backlog", lag, l -> l.read().backlog()).tags(tags)
                .description("Committed outbox rows not yet published").register(registry);
        Gauge.builder("hub.outbox.oldest.age", lag, l -> l.read().oldestAgeSeconds()).tags(tags).baseUnit("seconds")
                .description("Age of the oldest unpublished outbox row").register(registry);
        Gauge.builder("hub.outbox.held", lag, l -> l.read().held()).tags(tags)
                .description("Outbox rows the broker refused for good, held for an operator").register(registry);
        Gauge.builder("hub.outbox.relay.active", relay, r -> r.isActive() ? 1 : 0).tags(tags)
                .description("1 where this instance is the active relay of the outbox").register(registry);
        if (relay.logTailing() != null) {
            OutboxSlotLag slot = relay.logTailing().slotLag();
            Gauge.builder("hub.outbox.slot.lag", slot, s -> s.read().lagBytes()).tags(tags).baseUnit("bytes")
                    .description("WAL the log-tailing relay's replication slot has not confirmed yet").register(registry);
            Gauge.builder("hub.outbox.slot.retained", slot, s -> s.read().retainedBytes()).tags(tags).baseUnit("bytes")
                    .description("WAL PostgreSQL keeps for the replication slot (grows while no relay reads it)")
                    .register(registry);
            Gauge.builder("hub.outbox.slot.active", slot, s -> s.read().active() ? 1 : 0).tags(tags)
                    .description("1 while a relay reads the outbox's replication slot").register(registry);
        }
        FunctionCounter.builder("hub.outbox.published", relay, OutboxRelay::publishedCount).tags(tags)
                .description("Outbox rows published by this instance").register(registry);
    }
}
