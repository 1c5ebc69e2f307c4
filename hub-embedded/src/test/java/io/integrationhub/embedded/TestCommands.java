package io.integrationhub.embedded;

import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSException;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;

/** Tests playing the order service: a command with the full envelope, replies to a test queue. */
final class TestCommands {

    static final String REPLY_QUEUE = "order.test-replies";

    private TestCommands() {
    }

    /** A command message about an order, on the given session (for tests that send several). */
    static TextMessage command(Session session, String messageId, String type, String version, String orderId,
            String body) throws JMSException {
        TextMessage message = session.createTextMessage(body);
        message.setStringProperty("messageId", messageId);
        message.setStringProperty("messageType", type);
        message.setStringProperty("messageVersion", version);
        message.setStringProperty("aggregateType", "Order");
        message.setStringProperty("aggregateId", orderId);
        message.setStringProperty("JMSXGroupID", orderId);
        message.setJMSReplyTo(session.createQueue(REPLY_QUEUE));
        return message;
    }

    /** Sends one version-1.0 command to a queue. */
    static void send(ConnectionFactory factory, String queue, String messageId, String type, String orderId,
            String body) throws JMSException {
        try (Connection connection = factory.createConnection()) {
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            session.createProducer(session.createQueue(queue))
                    .send(command(session, messageId, type, "1.0", orderId, body));
        }
    }
}
