package io.integrationhub.routes.delivery;

import java.util.List;
import java.util.UUID;

import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;

import org.apache.camel.test.spring.junit5.CamelSpringBootTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.transaction.support.TransactionTemplate;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.integrationhub.routes.outbox.OutboxMessage;
import io.integrationhub.routes.outbox.OutboxWriter;

/**
 * The one context of the parking, redelivery and auditor tests (gap alarm after 1 s; the default 5 delivery
 * attempts), and what they read and write. One context for all of them: each context runs a relay of the shared
 * delivery_test outbox, and only one relay at a time holds its lock — with a second context, the outbox rows of a test
 * could be published to the other context's broker.
 */
@CamelSpringBootTest
@SpringBootTest(classes = DeliveryTestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = { "spring.application.name=delivery-test", "hub.delivery-audit.gap-alarm-after=1s",
                "hub.delivery-audit.alarm-check-interval=300ms" })
@ActiveProfiles("test")
abstract class DeliveryTestBase {

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    TransactionTemplate transactions;

    @Autowired
    OutboxWriter outbox;

    @Autowired
    ConnectionFactory broker;

    @Autowired
    TestRestTemplate http;

    @Autowired
    ObjectMapper json;

    /** A step of an aggregate, written to the outbox in a transaction of its own, as a service would. */
    void append(String aggregate, int step) {
        transactions.executeWithoutResult(tx -> outbox.append(OutboxMessage.command(DeliveryTestApplication.CHANNEL,
                DeliveryTestApplication.MESSAGE_TYPE, "Order", aggregate, null, null, "{\"step\":" + step + "}")));
    }

    /** A raw JMS message as a producer of another system would send it, with a crafted envelope. */
    void send(String aggregate, String source, int sequence) throws Exception {
        try (Connection connection = broker.createConnection()) {
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            TextMessage message = session.createTextMessage("{\"step\":" + sequence + "}");
            message.setStringProperty("messageId", UUID.randomUUID().toString());
            message.setStringProperty("messageType", DeliveryTestApplication.MESSAGE_TYPE);
            message.setStringProperty("messageVersion", "1.0");
            message.setStringProperty("aggregateType", "Order");
            message.setStringProperty("aggregateId", aggregate);
            message.setStringProperty("JMSXGroupID", aggregate);
            message.setLongProperty("aggregateSequence", sequence);
            message.setStringProperty("aggregateSequenceSource", source);
            session.createProducer(session.createQueue(DeliveryTestApplication.CHANNEL)).send(message);
        }
    }

    TestRestTemplate admin() {
        return http.withBasicAuth("admin", "test-admin-password");
    }

    /** The steps the handler applied to an aggregate, in the order it applied them. */
    List<Integer> steps(String aggregate) {
        return jdbc.queryForList("select step from delivery_test.effects where aggregate_id = ? order by id",
                Integer.class, aggregate);
    }
}
