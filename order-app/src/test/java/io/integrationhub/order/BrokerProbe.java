package io.integrationhub.order;

import java.util.ArrayList;
import java.util.List;

import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.Session;

/** Test-side JMS client on the real broker: subscribe first, then collect what arrives. */
public final class BrokerProbe implements AutoCloseable {

    private final Connection connection;
    private final Session session;
    private final MessageConsumer consumer;

    private BrokerProbe(ConnectionFactory factory, boolean topic, String channel, String selector)
            throws JMSException {
        connection = factory.createConnection();
        session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
        consumer = session.createConsumer(topic ? session.createTopic(channel) : session.createQueue(channel),
                selector);
        connection.start();
    }

    public static BrokerProbe queue(ConnectionFactory factory, String queue, String selector) throws JMSException {
        return new BrokerProbe(factory, false, queue, selector);
    }

    public static BrokerProbe topic(ConnectionFactory factory, String topic, String selector) throws JMSException {
        return new BrokerProbe(factory, true, topic, selector);
    }

    public Message receive(long timeoutMs) throws JMSException {
        return consumer.receive(timeoutMs);
    }

    public interface MessagePredicate {
        boolean test(Message message) throws JMSException;
    }

    /** The first message that matches within the timeout, skipping others (e.g. events of earlier tests). */
    public Message receive(MessagePredicate matching, long timeoutMs) throws JMSException {
        long deadline = System.currentTimeMillis() + timeoutMs;
        for (long left = timeoutMs; left > 0; left = deadline - System.currentTimeMillis()) {
            Message message = consumer.receive(left);
            if (message != null && matching.test(message)) {
                return message;
            }
        }
        return null;
    }

    /** Receives until {@code count} messages arrived or nothing more came for {@code quietMs}. */
    public List<Message> receive(int count, long quietMs) throws JMSException {
        List<Message> messages = new ArrayList<>();
        while (messages.size() < count) {
            Message message = consumer.receive(quietMs);
            if (message == null) {
                break;
            }
            messages.add(message);
        }
        return messages;
    }

    @Override
    public void close() throws JMSException {
        connection.close();
    }
}
