package io.integrationhub.routes.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.UUID;

import org.junit.jupiter.api.Test;

/**
 * The redelivery path of parking: a step that fails once blocks its aggregate while the broker redelivers it, the
 * steps behind it wait, and its successful redelivery releases them in order (the default 5 delivery attempts).
 */
class ParkingRedeliveryTest extends DeliveryTestBase {

    @Test
    void shouldReleaseTheWaitingStepsInOrderWhenTheFailedOneSucceedsOnRedelivery() throws Exception {
        String aggregate = "transient-" + UUID.randomUUID();
        DeliveryTestApplication.FAIL_ONCE.add(aggregate + "/2");

        // raw JMS messages, as a producer of another system would send them
        for (int step = 1; step <= ParkingTest.STEPS; step++) {
            send(aggregate, "redelivery-test", step);
        }

        await().atMost(Duration.ofSeconds(30)).until(() -> steps(aggregate).size() == ParkingTest.STEPS);
        assertThat(DeliveryTestApplication.FAIL_ONCE).doesNotContain(aggregate + "/2");
        assertThat(steps(aggregate)).as("nothing overtook the retried step").containsExactly(1, 2, 3, 4, 5);
        await().atMost(Duration.ofSeconds(10)).until(() -> jdbc.queryForObject("select count(*) from "
                + "delivery_test.parked_aggregate where aggregate_id = ?", Integer.class, aggregate) == 0);
    }
}
