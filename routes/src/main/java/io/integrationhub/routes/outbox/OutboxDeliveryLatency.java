package io.integrationhub.routes.outbox;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * {@code hub.outbox.delivery.latency{outbox}}: commit → broker, per relayed row — from the row's {@code created_at}
 * (written by the business transaction, {@code clock_timestamp()}) until the broker had committed the batch that
 * carried it ({@code published_at}, set by the relay right after that JMS commit). Both instants come from the
 * database's clock, computed in the marking {@code UPDATE … RETURNING}, so no JVM clock (of this or any other instance)
 * enters the number. It includes what is left of the writer's transaction after the insert, the wait for the relay's
 * wake-up and the broker commit: what a consumer waits beyond the REST answer.
 *
 * <p>A percentile histogram with SLO buckets, registered at zero for every outbox at start (dashboards see the series
 * from the first scrape). As a processor it records the {@code delivery_ms} column of the rows in the body.
 */
public class OutboxDeliveryLatency implements Processor {

    static final String METER = "hub.outbox.delivery.latency";
    /** Column of the marking statement's RETURNING clause: published_at - created_at in milliseconds. */
    static final String DELIVERY_MS = "delivery_ms";

    /** By publisher route id, which is how the processor knows its outbox. */
    private final Map<String, Timer> timers = new ConcurrentHashMap<>();

    /** @param meters null when the application has no meter registry: nothing is recorded */
    public OutboxDeliveryLatency(MeterRegistry meters, List<String> schemas) {
        if (meters != null) {
            schemas.forEach(schema -> timers.put(Outboxes.publisherRouteId(schema), Timer.builder(METER)
                    .tag("outbox", schema)
                    .description("Outbox row created until the broker committed it, by the database clock")
                    .publishPercentileHistogram()
                    .serviceLevelObjectives(Duration.ofMillis(10), Duration.ofMillis(25), Duration.ofMillis(50),
                            Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500),
                            Duration.ofSeconds(1), Duration.ofSeconds(5), Duration.ofSeconds(30),
                            Duration.ofMinutes(5))
                    .minimumExpectedValue(Duration.ofMillis(1))
                    .maximumExpectedValue(Duration.ofHours(1))
                    .register(meters)));
        }
    }

    @Override
    public void process(Exchange exchange) {
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> rows = exchange.getMessage().getBody(List.class);
        record(timers.get(exchange.getFromRouteId()), rows);
    }

    /** The marked rows of one outbox (the {@code delivery_ms} column), whichever relay marked them. */
    void record(String schema, List<Map<String, Object>> rows) {
        record(timers.get(Outboxes.publisherRouteId(schema)), rows);
    }

    private static void record(Timer timer, List<Map<String, Object>> rows) {
        if (timer == null) {
            return;
        }
        for (Map<String, Object> row : rows) {
            if (row.get(DELIVERY_MS) instanceof Number millis) {
                timer.record(Duration.ofNanos(Math.max(0, (long) (millis.doubleValue() * 1_000_000))));
            }
        }
    }
}
