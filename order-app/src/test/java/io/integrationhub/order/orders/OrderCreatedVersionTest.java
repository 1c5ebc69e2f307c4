package io.integrationhub.order.orders;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import jakarta.jms.ConnectionFactory;
import jakarta.jms.Message;
import jakarta.jms.TextMessage;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.integrationhub.order.BrokerProbe;
import io.integrationhub.order.OrderAppTest;
import io.integrationhub.order.OrderApplication;
import io.integrationhub.routes.outbox.OutboxRelays;
import io.integrationhub.routes.versions.DeployGateException;
import io.integrationhub.routes.versions.ProducedVersions;

/**
 * order-app configured to write OrderCreated 2.0 (its known consumers read 1.x and 2.x): the event leaves with
 * money objects — set on the shared context's configuration for one test, not in a context of its own: a second
 * order-app context would relay this one's outbox to its own broker (one relay per outbox holds the lock); and the deploy gate refuses a start whose outbox holds, or whose configuration would write, a major
 * the known consumers cannot read.
 */
@OrderAppTest
@ExtendWith(OutputCaptureExtension.class)
class OrderCreatedVersionTest {

    @LocalServerPort
    int port;

    @Autowired
    ConnectionFactory connectionFactory;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    OutboxRelays relays;

    @Autowired
    ProducedVersions versions;

    final ObjectMapper json = new ObjectMapper();

    @Test
    void shouldPublishOrderCreatedInTheConfiguredVersion2WithMoneyObjects() throws Exception {
        String body = """
                {"consumerId":"c-%s","restaurantId":"r-ajanta","lineItems":[{"menuItemId":"naan","quantity":2},
                 {"menuItemId":"chicken-vindaloo","quantity":1}],"deliveryAddress":"1 Main St"}"""
                .formatted(UUID.randomUUID());
        versions.getVersions().get("order-events").put("OrderCreated", "2.0");
        try (BrokerProbe events = BrokerProbe.topic(connectionFactory, "order.events",
                "messageType = 'OrderCreated'")) {
            HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + port + "/api/v1/orders")).header("Content-Type",
                    "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).isEqualTo(202);
            String orderId = json.readTree(response.body()).get("orderId").asText();

            Message created = events.receive(m -> orderId.equals(m.getStringProperty("aggregateId")), 15_000);
            assertThat(created.getStringProperty("messageVersion")).isEqualTo("2.0");
            JsonNode payload = json.readTree(((TextMessage) created).getText());
            assertThat(payload.get("orderTotal").toString()).isEqualTo("{\"amount\":\"19.34\",\"currency\":\"EUR\"}");
            assertThat(payload.at("/lineItems/0/price").toString())
                    .isEqualTo("{\"amount\":\"3.50\",\"currency\":\"EUR\"}");
            // every other event stays 1.0
            assertThat(jdbc.queryForList("select distinct message_type || ' ' || message_version from orders.outbox "
                    + "where aggregate_id = ? and destination like 'queue:%'", String.class, orderId))
                    .allMatch(typeAndVersion -> typeAndVersion.endsWith(" 1.0"));
        } finally {
            versions.getVersions().get("order-events").put("OrderCreated", "1.0");
        }
    }

    @Test
    void shouldRefuseToStartWhileTheOutboxHoldsOrTheConfigurationWouldWriteAMajorTheConsumersCannotRead(
            CapturedOutput output) {
        relays.stop(); // the row below must stay unpublished while the second instance starts
        String messageId = UUID.randomUUID().toString();
        try {
            jdbc.update("insert into orders.outbox (message_id, destination, message_type, message_version, "
                    + "aggregate_type, aggregate_id, payload) values (?::uuid, 'topic:order.events', 'OrderCreated', "
                    + "'9.0', 'Order', 'o-gate', '{}')", messageId);

            assertThatThrownBy(() -> new SpringApplicationBuilder(OrderApplication.class).profiles("test")
                    .run("--server.port=0", "--hub.messages.versions.order-events.OrderCreated=2.0",
                            "--hub.messages.consumers-read.order-events.OrderCreated=1").close())
                    .satisfies(e -> assertThat(causes(e)).anyMatch(DeployGateException.class::isInstance));
            assertThat(output).contains("APPLICATION FAILED TO START")
                    .contains("outbox orders (unpublished, to topic:order.events): 1 message(s) of OrderCreated 9.0 "
                            + "— its known consumers read 1.x")
                    .contains("hub.messages.versions.order-events.OrderCreated (what this build would write): "
                            + "OrderCreated 2.0 — the known consumers of order-events read 1.x")
                    .contains("hub.deploy-gate.enabled=false");
        } finally {
            jdbc.update("delete from orders.outbox where message_id = ?::uuid", messageId);
            relays.start();
        }
    }

    private static List<Throwable> causes(Throwable e) {
        List<Throwable> all = new ArrayList<>();
        for (Throwable t = e; t != null && !all.contains(t); t = t.getCause()) {
            all.add(t);
        }
        return all;
    }
}
