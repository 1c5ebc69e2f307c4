package io.integrationhub.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.UUID;

import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import com.fasterxml.jackson.databind.JsonNode;

import io.micrometer.core.instrument.MeterRegistry;

/**
 * Idempotent consumers and poison messages on the real broker (DESIGN.md §5 rules 3, 5, 6): a redelivered or re-sent
 * command has no second effect and its reply is not duplicated; a message no retry can help is dead-lettered at once
 * with the reason and does not hold up the messages behind it, in its message group included; a message whose
 * handler keeps failing is dead-lettered with the reason after the allowed deliveries.
 */
@HubSystemTest
class ExactlyOnceEffectsTest {

    @Autowired
    ConnectionFactory connectionFactory;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    MeterRegistry meters;

    @Autowired
    org.springframework.boot.test.web.client.TestRestTemplate http;

    @Autowired
    com.fasterxml.jackson.databind.ObjectMapper json;

    @Test
    void shouldNotAnswerACommandTwiceWhenItIsDeliveredTwice() throws Exception {
        String consumer = "c-" + UUID.randomUUID();
        jdbc.update("insert into consumer.consumers (id, name, credit_limit) values (?, 'Twice', 100)", consumer);
        String messageId = UUID.randomUUID().toString();
        double duplicatesBefore = duplicates("consumer-commands");

        try (Connection connection = connectionFactory.createConnection()) {
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageProducer producer = session.createProducer(session.createQueue("consumer.commands"));
            for (int i = 0; i < 2; i++) { // the same command twice, as a relay re-send after a crash would
                producer.send(command(session, messageId, "ValidateConsumerInfo", "1.0", "order-x",
                        "{\"orderId\":\"order-x\",\"consumerId\":\"" + consumer + "\",\"orderTotal\":10}"));
            }
        }

        await().atMost(Duration.ofSeconds(20)).until(() -> duplicates("consumer-commands") >= duplicatesBefore + 1);
        assertThat(jdbc.queryForObject("select count(*) from consumer.outbox where correlation_id = ?", Integer.class,
                messageId)).as("one reply, written with the first processing").isEqualTo(1);
        assertThat(jdbc.queryForObject("select count(*) from consumer.camel_messageprocessed where messageId = ? "
                + "and processorName = 'consumer-commands'", Integer.class, messageId)).isEqualTo(1);
    }

    @Test
    void shouldDeadLetterPoisonAtOnceWithoutBlockingItsMessageGroup() throws Exception {
        String consumer = "c-" + UUID.randomUUID();
        jdbc.update("insert into consumer.consumers (id, name, credit_limit) values (?, 'Group', 100)", consumer);
        String group = "order-" + UUID.randomUUID();
        String unparseable = UUID.randomUUID().toString();
        String unknownType = UUID.randomUUID().toString();
        String futureVersion = UUID.randomUUID().toString();
        String valid = UUID.randomUUID().toString();

        try (Connection connection = connectionFactory.createConnection()) {
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageProducer producer = session.createProducer(session.createQueue("consumer.commands"));
            producer.send(command(session, unparseable, "ValidateConsumerInfo", "1.0", group, "{not json"));
            producer.send(command(session, unknownType, "LaunchRockets", "1.0", group, "{}"));
            producer.send(command(session, futureVersion, "ValidateConsumerInfo", "2.0", group,
                    "{\"orderId\":\"" + group + "\",\"consumerId\":\"" + consumer + "\",\"orderTotal\":1}"));
            producer.send(command(session, valid, "ValidateConsumerInfo", "1.0", group,
                    "{\"orderId\":\"" + group + "\",\"consumerId\":\"" + consumer + "\",\"orderTotal\":1}"));

            connection.start();
            MessageConsumer deadLetters = session.createConsumer(session.createQueue("DLQ.consumer.commands"),
                    "aggregateId = '" + group + "'");
            assertDeadLetter(deadLetters.receive(20_000), unparseable, "JsonParseException");
            assertDeadLetter(deadLetters.receive(20_000), unknownType, "does not accept messageType 'LaunchRockets'");
            assertDeadLetter(deadLetters.receive(20_000), futureVersion, "version 2.0 is not supported");
        }
        assertThat(meters.find("hub.messages.dead-lettered").tag("channel", "consumer.commands")
                .tag("kind", "poison").counter().count()).isGreaterThanOrEqualTo(3);
        // the valid command behind them, in the same group, was answered
        await().atMost(Duration.ofSeconds(20)).until(() -> jdbc.queryForObject(
                "select count(*) from consumer.outbox where correlation_id = ?", Integer.class, valid) == 1);
    }

    @Test
    void shouldDeadLetterAMessageWhoseHandlerKeepsFailingWithTheReason() throws Exception {
        String restaurant = "r-" + UUID.randomUUID();
        String messageId = UUID.randomUUID().toString();
        try (Connection connection = connectionFactory.createConnection()) {
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            // a revision of a restaurant the replica never heard of: fails on every delivery
            MessageProducer producer = session.createProducer(session.createTopic("restaurant.events"));
            producer.send(command(session, messageId, "MenuRevised", "1.0", restaurant,
                    "{\"restaurantId\":\"" + restaurant + "\",\"menuVersion\":2,\"menuItems\":[]}"));

            connection.start();
            Message dead = await().atMost(Duration.ofSeconds(30)).until(() -> {
                try (MessageConsumer deadLetters = session.createConsumer(session.createQueue("DLQ.restaurant.events"),
                        "messageId = '" + messageId + "'")) {
                    return deadLetters.receive(1_000);
                }
            }, java.util.Objects::nonNull);
            assertThat(dead.getStringProperty("hubDeadLetterReason")).contains("does not know");
            assertThat(dead.getStringProperty("hubDeadLetterRoute")).isEqualTo("restaurant-replica");
            assertThat(dead.getIntProperty("hubDeliveryCount")).as("retried with backoff first").isEqualTo(5);
        }
        assertThat(meters.find("hub.messages.redeliveries").tag("channel", "restaurant.events").counter().count())
                .isGreaterThanOrEqualTo(4);
        assertThat(meters.find("hub.messages.dead-lettered").tag("channel", "restaurant.events")
                .tag("kind", "exhausted").counter().count()).isGreaterThanOrEqualTo(1);
    }

    @Test
    void shouldListAndReplayDeadLettersForOperatorsAndSkipWhatWasAlreadyProcessed() throws Exception {
        String restaurant = "r-" + UUID.randomUUID();
        String messageId = UUID.randomUUID().toString();
        String event = "{\"restaurantId\":\"" + restaurant + "\",\"menuVersion\":2,"
                + "\"menuItems\":[{\"id\":\"dal\",\"name\":\"Dal\",\"price\":4.50}]}";
        publishRestaurantEvent(messageId, restaurant, event);

        // listed with its reason once it has been dead-lettered
        var operator = http.withBasicAuth("admin", "test-admin-password");
        String list = "/api/v1/admin/dead-letters?channel=restaurant.events";
        await().atMost(Duration.ofSeconds(30)).until(() -> operator.getForObject(list, String.class).contains(messageId));
        JsonNode letter = null;
        for (JsonNode l : json.readTree(operator.getForObject(list, String.class)).get("deadLetters")) {
            if (messageId.equals(l.get("messageId").asText())) {
                letter = l;
            }
        }
        assertThat(letter.get("reason").asText()).contains("does not know");
        assertThat(letter.get("ageSeconds").asLong()).isGreaterThanOrEqualTo(0);
        assertThat(java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                java.net.URI.create(http.getRootUri() + list)).build(),
                java.net.http.HttpResponse.BodyHandlers.discarding()).statusCode()).as("anonymous").isEqualTo(401);

        // the cause is fixed (the replica learns the restaurant), then the operator replays the dead letter
        jdbc.update("insert into orders.restaurant_replica (id, name, menu_version) values (?, 'Late', 1)", restaurant);
        String replay = "/api/v1/admin/dead-letters/" + letter.get("id").asText() + "/replay?channel=restaurant.events";
        var replayed = operator.postForEntity(replay, null, String.class);
        assertThat(replayed.getStatusCode().value()).isEqualTo(200);
        assertThat(replayed.getBody()).contains("\"replayed\":1");
        await().atMost(Duration.ofSeconds(20)).until(() -> jdbc.queryForObject(
                "select menu_version from orders.restaurant_replica where id = ?", Integer.class, restaurant) == 2);
        assertThat(operator.postForEntity(replay, null, String.class).getStatusCode().value()).isEqualTo(404);

        // the same message once more (a second replay, a re-send): skipped by its messageId
        double before = duplicates("restaurant-replica");
        publishRestaurantEvent(messageId, restaurant, event);
        await().atMost(Duration.ofSeconds(20)).until(() -> duplicates("restaurant-replica") >= before + 1);
    }

    private void publishRestaurantEvent(String messageId, String restaurant, String body) throws Exception {
        try (Connection connection = connectionFactory.createConnection()) {
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            TextMessage message = command(session, messageId, "MenuRevised", "1.0", restaurant, body);
            message.setJMSReplyTo(null);
            session.createProducer(session.createTopic("restaurant.events")).send(message);
        }
    }

    private static void assertDeadLetter(Message dead, String messageId, String reason) throws Exception {
        assertThat(dead).as("dead letter " + messageId).isNotNull();
        assertThat(dead.getStringProperty("messageId")).isEqualTo(messageId);
        assertThat(dead.getStringProperty("hubDeadLetterReason")).contains(reason);
        assertThat(dead.getStringProperty("hubDeadLetterRoute")).isEqualTo("consumer-commands");
        assertThat(dead.getIntProperty("hubDeliveryCount")).as("not retried in vain").isEqualTo(1);
    }

    private static TextMessage command(Session session, String messageId, String type, String version,
            String aggregate, String body) throws Exception {
        return TestCommands.command(session, messageId, type, version, aggregate, body);
    }

    private double duplicates(String route) {
        var counter = meters.find("hub.messages.duplicates").tag("route", route).counter();
        return counter == null ? 0 : counter.count();
    }
}
