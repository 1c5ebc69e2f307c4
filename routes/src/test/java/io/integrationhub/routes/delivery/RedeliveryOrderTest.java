package io.integrationhub.routes.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import io.micrometer.core.instrument.MeterRegistry;

/**
 * Per-aggregate order while other aggregates' messages are rolled back for redelivery (the default 5 delivery
 * attempts, 4 consumers, message groups): 30 aggregates send their 5 steps in waves without pause; step 2 of 6 of
 * them fails on its first 3 deliveries, so consumer sessions roll back while later steps are on their way. Every
 * aggregate's steps must be applied exactly 1, 2, 3, 4, 5 — the healthy ones and the redelivered ones (parked behind
 * their failed step, released in order).
 *
 * <p>What it caught: Artemis cancels everything a rolled-back session's consumer holds, the messages prefetched into
 * its client buffer too, and gives each the redelivery delay; a healthy aggregate's prefetched step then came after
 * its successors (1, 3, 2, 4, 5; 1, 3, 4, 5, 2). Fixed by {@code default-consumer-window-size 0} on the ordered
 * channels (artemis/broker.xml).
 */
class RedeliveryOrderTest extends DeliveryTestBase {

    static final int AGGREGATES = 30;
    static final int FAILING = 6;
    /** Deliveries of a failing step that fail: redelivered after 50, 100, 200 ms (test profile), the 4th succeeds. */
    static final int FAILED_DELIVERIES = 3;

    @Autowired
    MeterRegistry meters;

    @Test
    void shouldApplyEveryAggregatesStepsInOrderWhileOthersAreRedelivered() throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        List<String> aggregates = new ArrayList<>();
        for (int i = 0; i < AGGREGATES; i++) {
            aggregates.add("order-" + run + "-" + i);
        }
        List<String> failing = new ArrayList<>();
        for (int i = 0; i < FAILING; i++) {
            failing.add(aggregates.get(i * (AGGREGATES / FAILING)));
        }
        failing.forEach(aggregate -> DeliveryTestApplication.FAILING_DELIVERIES.put(aggregate + "/2", FAILED_DELIVERIES));
        double redeliveriesBefore = redeliveries();

        for (int step = 1; step <= ParkingTest.STEPS; step++) {
            for (String aggregate : aggregates) {
                send(aggregate, "redelivery-order-" + run, step);
            }
        }

        await().atMost(Duration.ofSeconds(60)).until(() -> aggregates.stream()
                .allMatch(aggregate -> steps(aggregate).size() == ParkingTest.STEPS));
        assertThat(redeliveries() - redeliveriesBefore).as("failed deliveries rolled back for redelivery")
                .isEqualTo(FAILING * FAILED_DELIVERIES);
        assertThat(aggregates).allSatisfy(aggregate -> assertThat(steps(aggregate))
                .as("steps of %s%s", aggregate, failing.contains(aggregate) ? " (redelivered)" : "")
                .containsExactly(1, 2, 3, 4, 5));
        assertThat(jdbc.queryForObject("select count(*) from delivery_test.delivery_audit where source = ?",
                Integer.class, "redelivery-order-" + run)).as("the auditor's findings").isZero();
    }

    private double redeliveries() {
        var counter = meters.find("hub.messages.redeliveries").tag("channel", DeliveryTestApplication.CHANNEL)
                .counter();
        return counter == null ? 0 : counter.count();
    }
}
