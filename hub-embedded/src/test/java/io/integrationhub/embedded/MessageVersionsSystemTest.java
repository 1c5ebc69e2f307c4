package io.integrationhub.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

import io.integrationhub.routes.versions.ProducedVersions;

/**
 * OrderCreated across a producer rollout, through the real broker: order-app writes 1.0 (the default) and then, with
 * hub.messages.versions.order-events.OrderCreated=2.0, money objects; partner-adapters' notification service reads
 * both — 1.0 through its upcaster — and tells the consumer the same either way.
 */
@HubSystemTest
class MessageVersionsSystemTest {

    @LocalServerPort
    int port;

    @Autowired
    JdbcTemplate jdbc;

    /** order-app's configuration (one context, both services): switched to 2.0 for one order, as a rollout would. */
    @Autowired
    ProducedVersions versions;

    @Test
    void shouldNotifyTheConsumerTheSameWhenTheProducerMovesFromOrderCreated1To2() throws Exception {
        HubClient hub = new HubClient(port);
        String restaurant = hub.newRestaurant();
        String consumer = hub.newConsumer("500");

        String before = hub.placeOrder(consumer, restaurant, "dal", 2);
        versions.getVersions().get("order-events").put("OrderCreated", "2.0");
        String after;
        try {
            after = hub.placeOrder(consumer, restaurant, "dal", 2);
        } finally {
            versions.getVersions().get("order-events").put("OrderCreated", "1.0");
        }

        assertThat(orderCreatedVersion(before)).isEqualTo("1.0");
        assertThat(orderCreatedVersion(after)).isEqualTo("2.0");
        assertThat(notification(before)).isEqualTo("Your order " + before + " was received: 2 item(s), total 9.00 "
                + "EUR, delivery as soon as possible.");
        assertThat(notification(after)).isEqualTo("Your order " + after + " was received: 2 item(s), total 9.00 "
                + "EUR, delivery as soon as possible.");
    }

    private String orderCreatedVersion(String orderId) {
        return jdbc.queryForObject("select message_version from orders.outbox where aggregate_id = ? "
                + "and message_type = 'OrderCreated'", String.class, orderId);
    }

    private String notification(String orderId) {
        await().atMost(Duration.ofSeconds(30)).until(() -> jdbc.queryForObject(
                "select count(*) from notification.notifications where order_id = ? and text like '% was received:%'",
                Integer.class, orderId) == 1);
        return jdbc.queryForObject("select text from notification.notifications where order_id = ? "
                + "and text like '% was received:%'", String.class, orderId);
    }
}
