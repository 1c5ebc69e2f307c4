package io.integrationhub.routes.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

/**
 * Per-aggregate order while other aggregates' messages are rolled back for redelivery (the default 5 delivery
 * attempts, 4 consumers): every aggregate's steps, sent interleaved with the others', are applied in order — the
 * healthy ones and the ones whose step 2 failed for a few deliveries and was redelivered. Its second CI run found a
 * healthy aggregate out of order (steps 1, 3, 2, 4, 5): the reorder under redelivery the auditor had recorded in
 * {@code ParkingTest}'s first runs. Kept, disabled, as the reproduction for the fix.
 */
@org.junit.jupiter.api.Disabled("Reproduces a known defect, not yet fixed: in 1 of 3 runs (CI of 2026-12-01) a healthy "
        + "aggregate's steps came 1, 3, 2, 4, 5 while other aggregates were redelivered (README, delivery auditor). "
        + "Enable it with the fix.")
class RedeliveryOrderTest extends DeliveryTestBase {

    static final int AGGREGATES = 30;
    static final int FAILING = 6;

    @Test
    void shouldApplyEveryAggregatesStepsInOrderWhileOthersAreRedelivered() throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        List<String> aggregates = new ArrayList<>();
        for (int i = 0; i < AGGREGATES; i++) {
            aggregates.add("order-" + run + "-" + i);
        }
        List<String> failing = new ArrayList<>();
        for (int i = 0; i < FAILING; i++) {
            failing.add(aggregates.get(i * (AGGREGATES / FAILING)) + "/2");
        }
        // step 2 of the failing ones fails on every delivery until "fixed", once each of them is blocked (its first
        // failure seen), while the steps of all come in waves, so rollbacks happen with other steps on their way
        DeliveryTestApplication.POISONED.addAll(failing);
        for (int step = 1; step <= ParkingTest.STEPS; step++) {
            for (String aggregate : aggregates) {
                send(aggregate, "redelivery-order-" + run, step);
            }
            if (step == 2) {
                await().atMost(Duration.ofSeconds(10)).until(() -> jdbc.queryForObject("select count(*) from "
                        + "delivery_test.parked_aggregate where aggregate_id like ?", Integer.class,
                        "order-" + run + "-%") == FAILING);
                DeliveryTestApplication.POISONED.removeAll(failing);
            }
        }

        await().atMost(Duration.ofSeconds(60)).until(() -> aggregates.stream()
                .allMatch(aggregate -> steps(aggregate).size() == ParkingTest.STEPS));
        for (String aggregate : aggregates) {
            assertThat(steps(aggregate)).as("steps of " + aggregate).containsExactly(1, 2, 3, 4, 5);
        }
        assertThat(jdbc.queryForObject("select count(*) from delivery_test.delivery_audit where source = ?",
                Integer.class, "redelivery-order-" + run)).as("the auditor's findings").isZero();
    }
}
