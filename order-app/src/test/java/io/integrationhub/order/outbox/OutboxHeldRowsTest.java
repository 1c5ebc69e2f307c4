package io.integrationhub.order.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import jakarta.jms.ConnectionFactory;
import jakarta.jms.Message;
import jakarta.jms.TextMessage;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

import io.integrationhub.order.BrokerProbe;
import io.integrationhub.order.OrderAppTest;
import io.integrationhub.routes.outbox.OutboxMessage;
import io.integrationhub.routes.outbox.OutboxRelays;
import io.integrationhub.routes.outbox.OutboxWriter;

/**
 * A row the broker refuses for good — here: order-app may not send to the kitchen's dead letters — is held instead of
 * stopping the relay: the rows of other aggregates keep flowing, the later rows of its own aggregate wait behind it
 * (its order holds), and once the cause is fixed and the row released, it and the rows behind it go out in order.
 * Here through the operators' HTTP API, with the polling relay; {@link OutboxRelayGuarantees} holds and releases a row
 * with each relay.
 */
@OrderAppTest
class OutboxHeldRowsTest {

    /** order-service has no send permission there (artemis/broker.xml): the broker refuses it every time. */
    static final String FORBIDDEN = "DLQ.kitchen.commands";

    @Autowired
    OutboxWriter outbox;

    @Autowired
    TransactionTemplate transaction;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    ConnectionFactory connectionFactory;

    @Autowired
    OutboxRelays relays;

    @org.springframework.boot.test.web.server.LocalServerPort
    int httpPort;

    @Test
    void shouldHoldARowTheBrokerRefusesWhileOtherAggregatesFlowAndReleaseItInOrder() throws Exception {
        String queue = "order.test-held-" + UUID.randomUUID();
        String run = UUID.randomUUID().toString().substring(0, 8);
        // the instance's count since start: the relay suite in the same cached context holds rows too
        long heldBefore = relays.relay("orders").heldCount();
        try (BrokerProbe probe = BrokerProbe.queue(connectionFactory, queue, null)) {
            write(queue, run + "-a", "a1");
            write(FORBIDDEN, run + "-b", "b1");
            write(queue, run + "-b", "b2");
            write(queue, run + "-c", "c1");

            List<Message> flowed = probe.receive(2, 5_000);
            assertThat(texts(flowed)).containsExactlyInAnyOrder("a1", "c1");
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(jdbc.queryForObject(
                    "select failure from orders.outbox where aggregate_id = ? and failed_at is not null", String.class,
                    run + "-b")).contains("AMQ229032"));
            assertThat(jdbc.queryForObject("select count(*) from orders.outbox where aggregate_id = ? and published_at "
                    + "is null", Integer.class, run + "-b")).as("b1 held, b2 waits behind it").isEqualTo(2);
            assertThat(relays.relay("orders").lag().read().held()).isEqualTo(1);
            assertThat(relays.relay("orders").heldCount() - heldBefore).isEqualTo(1);

            // the cause fixed (here: the destination corrected), then released
            write(queue, run + "-c", "c2");
            assertThat(texts(probe.receive(1, 5_000))).as("the relay keeps relaying").containsExactly("c2");
            var held = admin("GET", "/api/v1/admin/outbox/orders/held", null);
            assertThat(held.statusCode()).isEqualTo(200);
            assertThat(held.body()).contains("\"destination\":\"queue:" + FORBIDDEN + "\"", "AMQ229032",
                    "\"aggregateId\":\"" + run + "-b\"");
            long heldId = jdbc.queryForObject("select id from orders.outbox where aggregate_id = ? and failed_at is "
                    + "not null", Long.class, run + "-b");
            jdbc.update("update orders.outbox set destination = ? where id = ?", "queue:" + queue, heldId);
            assertThat(admin("POST", "/api/v1/admin/outbox/orders/held/" + heldId + "/release", null).statusCode())
                    .isEqualTo(200);
            assertThat(texts(probe.receive(2, 10_000))).as("released: the held row, then the one behind it")
                    .containsExactly("b1", "b2");
            assertThat(admin("POST", "/api/v1/admin/outbox/orders/held/" + heldId + "/release", null).statusCode())
                    .as("no longer held").isEqualTo(404);
            assertThat(admin("GET", "/api/v1/admin/outbox/nowhere/held", null).statusCode()).isEqualTo(404);
            assertThat(admin("POST", "/api/v1/admin/outbox/orders/held/" + heldId + "/release", "nobody:wrong")
                    .statusCode()).as("operators only").isEqualTo(401);
        }
    }

    private java.net.http.HttpResponse<String> admin(String method, String path, String login) throws Exception {
        var request = java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + httpPort + path))
                .method(method, java.net.http.HttpRequest.BodyPublishers.noBody())
                .header("Authorization", "Basic " + java.util.Base64.getEncoder().encodeToString(
                        (login != null ? login : "admin:test-admin-password").getBytes()));
        return java.net.http.HttpClient.newHttpClient().send(request.build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
    }

    private void write(String queue, String aggregate, String text) {
        transaction.executeWithoutResult(status -> outbox.append(OutboxMessage.command(queue, "TestMessage", "Test",
                aggregate, null, null, text)));
    }

    private static List<String> texts(List<Message> messages) {
        return messages.stream().map(message -> {
            try {
                return ((TextMessage) message).getText();
            } catch (jakarta.jms.JMSException e) {
                throw new IllegalStateException(e);
            }
        }).toList();
    }
}
