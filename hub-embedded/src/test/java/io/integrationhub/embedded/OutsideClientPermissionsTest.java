package io.integrationhub.embedded;

import static io.integrationhub.embedded.ForeignClients.CLIENT;
import static io.integrationhub.embedded.ForeignClients.CLIENT_PASSWORD;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.InputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.jms.Connection;
import jakarta.jms.Destination;
import jakarta.jms.JMSException;
import jakarta.jms.JMSSecurityException;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;

import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.core.server.ActiveMQServer;
import org.apache.activemq.artemis.core.server.Queue;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.yaml.snakeyaml.Yaml;

import io.integrationhub.embedded.ForeignClients.Protocol;

/**
 * Item 7 of issue 9: an outside client (broker user {@code client}, role hub-client) may send to the channels
 * asyncapi.yaml marks {@code x-hub-public} and do nothing else — each forbidden action is tried over the TCP acceptor
 * with the Artemis JMS client (CORE) and the Qpid JMS client (AMQP 1.0).
 */
@HubSystemTest
class OutsideClientPermissionsTest {

    @Value("${hub.broker.embedded.port}")
    int brokerPort;

    @Autowired
    EmbeddedActiveMQ broker;

    @Autowired
    JdbcTemplate jdbc;

    @ParameterizedTest
    @EnumSource(Protocol.class)
    void outsideClientCannotConsumeOrBrowseAPartnersCommands(Protocol protocol) {
        assertRefused(protocol, session -> session.createConsumer(session.createQueue("consumer.commands")));
        assertRefused(protocol, session -> session.createBrowser(session.createQueue("consumer.commands")).getEnumeration()
                .hasMoreElements());
        assertRefused(protocol, session -> session.createConsumer(session.createQueue("notification.commands")));
    }

    @ParameterizedTest
    @EnumSource(Protocol.class)
    void outsideClientCannotCreateAddresses(Protocol protocol) {
        String address = "outsider.created-" + UUID.randomUUID();
        assertRefused(protocol, session -> session.createProducer(session.createQueue(address))
                .send(session.createTextMessage("{}")));
        assertRefused(protocol, session -> session.createConsumer(session.createQueue(address)));
        assertRefused(protocol, session -> session.createConsumer(session.createTopic(address)));
        assertThat(server().getAddressInfo(SimpleString.of(address))).as("address " + address).isNull();
    }

    @ParameterizedTest
    @EnumSource(Protocol.class)
    void outsideClientCannotForgeDeadLetters(Protocol protocol) {
        long before = queue("DLQ.order.events").getMessagesAdded();
        for (String deadLetters : deadLetterQueues()) {
            assertRefused(protocol, session -> {
                TextMessage forged = session.createTextMessage("{}");
                forged.setStringProperty("messageId", UUID.randomUUID().toString());
                forged.setStringProperty("hubDeadLetterReason", "forged");
                session.createProducer(session.createQueue(deadLetters)).send(forged);
            });
        }
        assertThat(queue("DLQ.order.events").getMessagesAdded()).isEqualTo(before);
    }

    @ParameterizedTest
    @EnumSource(Protocol.class)
    void outsideClientCannotReadDeadLetters(Protocol protocol) {
        for (String deadLetters : deadLetterQueues()) {
            assertRefused(protocol, session -> session.createConsumer(session.createQueue(deadLetters)));
            assertRefused(protocol, session -> session.createBrowser(session.createQueue(deadLetters))
                    .getEnumeration().hasMoreElements());
        }
    }

    @ParameterizedTest
    @EnumSource(Protocol.class)
    void outsideClientMaySendOnlyToTheChannelsTheAsyncApiMarksPublic(Protocol protocol) throws Exception {
        List<Map<String, Object>> channels = channels();
        assertThat(channels).anyMatch(c -> Boolean.TRUE.equals(c.get("x-hub-public")));
        for (Map<String, Object> channel : channels) {
            String address = (String) channel.get("address");
            boolean topic = "topic".equals(channel.get("x-destination-type"));
            if (Boolean.TRUE.equals(channel.get("x-hub-public"))) {
                String messageId = sendNotification(protocol, address);
                await().atMost(Duration.ofSeconds(20)).until(() -> jdbc.queryForObject(
                        "select count(*) from notification.notifications where message_id = ?", Integer.class,
                        messageId) == 1);
            } else {
                assertRefused(protocol, session -> {
                    Destination destination = topic ? session.createTopic(address) : session.createQueue(address);
                    TextMessage forged = session.createTextMessage("{}");
                    forged.setStringProperty("messageId", UUID.randomUUID().toString());
                    forged.setStringProperty("messageType", "Forged");
                    session.createProducer(destination).send(forged);
                });
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Protocol.class)
    void aWrongPasswordIsRefused(Protocol protocol) {
        assertThatThrownBy(() -> ForeignClients.connect(protocol, brokerPort, CLIENT, "wrong").close())
                .isInstanceOf(JMSSecurityException.class);
        assertThatThrownBy(() -> ForeignClients.connect(protocol, brokerPort, "hub", "wrong").close())
                .isInstanceOf(JMSSecurityException.class);
    }

    @Test
    void theServicesKeepWhatTheirRoutesNeed() {
        // the service user still consumes its channels: every consuming route is attached
        for (String channel : List.of("consumer.commands", "consumer.queries", "restaurant.commands",
                "accounting.commands", "notification.commands", "order.replies")) {
            await().atMost(Duration.ofSeconds(20)).until(() -> queue(channel).getConsumerCount() > 0);
        }
    }

    private String sendNotification(Protocol protocol, String address) throws JMSException {
        String messageId = UUID.randomUUID().toString();
        String orderId = "order-" + UUID.randomUUID();
        try (Connection connection = ForeignClients.connect(protocol, brokerPort, CLIENT, CLIENT_PASSWORD)) {
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            TextMessage message = session.createTextMessage("{\"consumerId\":\"c-1\",\"orderId\":\"" + orderId
                    + "\",\"text\":\"Sent by an outside client\"}");
            message.setStringProperty("messageId", messageId);
            message.setStringProperty("messageType", "NotifyConsumer");
            message.setStringProperty("messageVersion", "1.0");
            message.setStringProperty("aggregateType", "Order");
            message.setStringProperty("aggregateId", orderId);
            session.createProducer(session.createQueue(address)).send(message);
        }
        return messageId;
    }

    interface SessionAction {
        void run(Session session) throws Exception;
    }

    private void assertRefused(Protocol protocol, SessionAction action) {
        assertThatThrownBy(() -> {
            try (Connection connection = ForeignClients.connect(protocol, brokerPort, CLIENT, CLIENT_PASSWORD)) {
                connection.start();
                action.run(connection.createSession(false, Session.AUTO_ACKNOWLEDGE));
            }
        }).isInstanceOf(JMSException.class)
                // the broker's refusal (AMQ229032); over AMQP a refused auto-create arrives as amqp:internal-error,
                // which Qpid cannot map to JMSSecurityException
                .satisfies(e -> assertThat(e instanceof JMSSecurityException
                        || String.valueOf(e.getMessage()).contains("AMQ229032")).as(e.toString()).isTrue());
    }

    private List<String> deadLetterQueues() {
        List<String> queues = new ArrayList<>();
        for (Map<String, Object> channel : channels()) {
            queues.add("DLQ." + channel.get("address"));
        }
        return queues;
    }

    /** The concrete channels of asyncapi.yaml (not the parameterised DLQ.{channel}). */
    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> channels() {
        try (InputStream in = OutsideClientPermissionsTest.class.getResourceAsStream("/asyncapi.yaml")) {
            Map<String, Object> document = new Yaml().load(in);
            List<Map<String, Object>> channels = new ArrayList<>();
            for (Object channel : ((Map<String, Object>) document.get("channels")).values()) {
                Map<String, Object> c = (Map<String, Object>) channel;
                if (!((String) c.get("address")).contains("{")) {
                    channels.add(c);
                }
            }
            return channels;
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private ActiveMQServer server() {
        return broker.getActiveMQServer();
    }

    private Queue queue(String name) {
        Queue queue = server().locateQueue(SimpleString.of(name));
        assertThat(queue).as("queue " + name).isNotNull();
        return queue;
    }
}
