package io.integrationhub.partners.notification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;

import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.apache.activemq.artemis.jms.client.ActiveMQDestination;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.annotation.DirtiesContext;

import io.integrationhub.partners.PartnerAdaptersApplication;

/**
 * OrderCreated 1.0 and 2.0 through the real broker (topic order.events → partner-adapters' shared durable
 * subscription): the same notification either way, a tolerant reader, and an unknown major dead-lettered with the
 * versions the consumer accepts — which keeps consuming.
 */
@SpringBootTest(classes = PartnerAdaptersApplication.class)
@ActiveProfiles("test")
@DirtiesContext
class OrderReceivedNotificationTest {

    static final String V1 = """
            {"orderId":"%s","consumerId":"c-7","restaurantId":"r-1","lineItems":[{"menuItemId":"dal","quantity":2,\
            "price":4.5},{"menuItemId":"naan","quantity":1,"price":3.50}],"orderTotal":12.50,\
            "deliveryAddress":"1 Main St","deliveryTime":"2026-12-01T19:30:00Z"}""";
    static final String V2 = """
            {"orderId":"%s","consumerId":"c-7","restaurantId":"r-1","lineItems":[{"menuItemId":"dal","quantity":2,\
            "price":{"amount":"4.50","currency":"EUR"}},{"menuItemId":"naan","quantity":1,\
            "price":{"amount":"3.50","currency":"EUR"}}],"orderTotal":{"amount":"12.50","currency":"EUR"},\
            "deliveryAddress":"1 Main St","deliveryTime":"2026-12-01T19:30:00Z"%s}""";

    @Autowired
    ConnectionFactory broker;

    @Autowired
    EmbeddedActiveMQ server;

    @Autowired
    JdbcTemplate jdbc;

    /** The route creates its subscription when its consumer starts; an event published before that reaches nobody. */
    @BeforeEach
    void subscriptionExists() {
        SimpleString queue = ActiveMQDestination.createQueueNameForSubscription(true, null,
                OrderReceivedRoute.SUBSCRIPTION);
        await().atMost(Duration.ofSeconds(20)).until(() -> server.getActiveMQServer().locateQueue(queue) != null);
    }

    @Test
    void shouldNotifyTheSameWhetherTheOrderCreatedIsVersion1OrVersion2() throws Exception {
        String v1 = "o-" + UUID.randomUUID();
        String v2 = "o-" + UUID.randomUUID();

        publish(v1, "1.0", V1.formatted(v1));
        publish(v2, "2.0", V2.formatted(v2, ""));

        String expected = "was received: 3 item(s), total 12.50 EUR, delivery at 2026-12-01T19:30Z.";
        assertThat(notification(v1)).isEqualTo("Your order " + v1 + " " + expected);
        assertThat(notification(v2)).isEqualTo("Your order " + v2 + " " + expected);
    }

    @Test
    void shouldIgnoreUnknownFieldsAndDefaultMissingOptionalOnes() throws Exception {
        String unknownField = "o-" + UUID.randomUUID();
        String minimal = "o-" + UUID.randomUUID();

        publish(unknownField, "2.3", V2.formatted(unknownField, ",\"loyaltyPoints\":{\"earned\":12},\"tip\":1"));
        publish(minimal, "2.0", """
                {"orderId":"%s","consumerId":"c-7","restaurantId":"r-1","orderTotal":{"amount":"9.00"}}"""
                .formatted(minimal));

        assertThat(notification(unknownField)).endsWith("3 item(s), total 12.50 EUR, delivery at 2026-12-01T19:30Z.");
        assertThat(notification(minimal)).as("no line items, currency EUR, no delivery time")
                .isEqualTo("Your order " + minimal + " was received: 0 item(s), total 9.00 EUR, delivery as soon as "
                        + "possible.");
    }

    @Test
    void shouldDeadLetterAnUnknownMajorNamingTheAcceptedVersionsAndKeepConsuming() throws Exception {
        String future = "o-" + UUID.randomUUID();
        String after = "o-" + UUID.randomUUID();

        String messageId = publish(future, "9.0", V2.formatted(future, ""));
        publish(after, "1.0", V1.formatted(after));

        Message dead = deadLetter(messageId);
        assertThat(dead.getStringProperty("hubDeadLetterReason"))
                .contains("OrderCreated version 9.0 is not supported (accepts 1.x, 2.x)");
        assertThat(dead.getStringProperty("hubDeadLetterRoute")).isEqualTo(OrderReceivedRoute.ROUTE_ID);
        assertThat(notification(after)).as("the next event is consumed").startsWith("Your order " + after);
        assertThat(jdbc.queryForObject("select count(*) from notification.notifications where order_id = ?",
                Integer.class, future)).isZero();
    }

    @Test
    void shouldLeaveTheTopicsOtherEventsOutOfItsSubscription() throws Exception {
        String orderId = "o-" + UUID.randomUUID();
        String validated = publish(orderId, "OrderValidated", "1.0", "{\"orderId\":\"" + orderId + "\"}");
        String created = publish(orderId, "1.0", V1.formatted(orderId));

        assertThat(notification(orderId)).startsWith("Your order " + orderId);
        assertThat(jdbc.queryForObject("select count(*) from notification.camel_messageprocessed where messageId = ?",
                Integer.class, validated)).as("OrderValidated never reached the subscription").isZero();
        assertThat(jdbc.queryForObject("select count(*) from notification.camel_messageprocessed where messageId = ?",
                Integer.class, created)).isEqualTo(1);
        try (Connection connection = broker.createConnection()) {
            connection.start();
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            assertThat(session.createConsumer(session.createQueue("DLQ.order.events"),
                    "messageId = '" + validated + "'").receive(1_000)).as("not dead-lettered either").isNull();
        }
    }

    private String publish(String orderId, String version, String body) throws Exception {
        return publish(orderId, "OrderCreated", version, body);
    }

    private String publish(String orderId, String type, String version, String body) throws Exception {
        String messageId = UUID.randomUUID().toString();
        try (Connection connection = broker.createConnection()) {
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            TextMessage message = session.createTextMessage(body);
            message.setStringProperty("messageId", messageId);
            message.setStringProperty("messageType", type);
            message.setStringProperty("messageVersion", version);
            message.setStringProperty("aggregateType", "Order");
            message.setStringProperty("aggregateId", orderId);
            message.setStringProperty("JMSXGroupID", orderId);
            session.createProducer(session.createTopic("order.events")).send(message);
        }
        return messageId;
    }

    private String notification(String orderId) {
        await().atMost(Duration.ofSeconds(20)).until(() -> jdbc.queryForObject(
                "select count(*) from notification.notifications where order_id = ?", Integer.class, orderId) == 1);
        List<String> texts = jdbc.queryForList("select text from notification.notifications where order_id = ?",
                String.class, orderId);
        return texts.get(0);
    }

    private Message deadLetter(String messageId) throws Exception {
        try (Connection connection = broker.createConnection()) {
            connection.start();
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageConsumer deadLetters = session.createConsumer(session.createQueue("DLQ.order.events"),
                    "messageId = '" + messageId + "'");
            Message dead = deadLetters.receive(20_000);
            assertThat(dead).as("dead letter " + messageId + " in DLQ.order.events").isNotNull();
            return dead;
        }
    }
}
