package io.integrationhub.order.journeys;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Queue;
import jakarta.jms.Session;

import org.apache.activemq.artemis.api.core.management.ResourceNames;
import org.apache.activemq.artemis.api.jms.management.JMSManagementHelper;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.integrationhub.routes.journey.JourneyEntry;
import io.integrationhub.routes.journey.JourneyQuery;
import io.integrationhub.routes.journey.JourneySource;

/**
 * What the broker holds for the order now, from its own management API: every queue (channels, subscriptions and
 * DLQ.&lt;channel&gt;) is asked for its messages with {@code aggregateId = '<orderId>'} through Artemis' management
 * address with management messages — a client-side mechanism, so the same code reads the embedded broker and a
 * standalone one. It logs in as the broker operator (role hub-admin), the only role that may manage and browse
 * every queue; a message still queued shows its delivery count, a dead letter its reason and deliveries.
 */
class BrokerJourney implements JourneySource {

    private static final String MANAGEMENT_ADDRESS = "activemq.management";

    private final ConnectionFactory broker;
    private final ObjectMapper json;
    private final long timeoutMs;

    /** @param broker connects as the broker operator, or null when no operator login is configured */
    BrokerJourney(ConnectionFactory broker, ObjectMapper json, long timeoutMs) {
        this.broker = broker;
        this.json = json;
        this.timeoutMs = timeoutMs;
    }

    @Override
    public List<JourneyEntry> entries(JourneyQuery query) throws Exception {
        if (broker == null) {
            throw new IllegalStateException("no broker operator login configured (HUB_BROKER_ADMIN_USER/"
                    + "HUB_BROKER_ADMIN_PASSWORD): what the broker holds now is not shown");
        }
        List<JourneyEntry> entries = new ArrayList<>();
        try (Connection connection = broker.createConnection()) {
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            connection.start();
            Management management = new Management(session, timeoutMs);
            String filter = "aggregateId = '" + query.aggregateId().replace("'", "''") + "'";
            for (Object name : (Object[]) management.attribute(ResourceNames.BROKER, "queueNames")) {
                String queue = String.valueOf(name);
                if (queue.startsWith("activemq.") || queue.equals("ExpiryQueue")) {
                    continue;
                }
                String listed = (String) management.invoke(ResourceNames.QUEUE + queue, "listMessagesAsJSON", filter);
                for (JsonNode message : json.readTree(listed)) {
                    entries.add(entry(queue, message));
                }
            }
        }
        return entries;
    }

    private static JourneyEntry entry(String queue, JsonNode m) {
        String type = text(m, "messageType");
        String id = text(m, "messageId");
        String correlation = text(m, "JMSCorrelationID");
        if (queue.startsWith("DLQ.")) {
            String channel = queue.substring("DLQ.".length());
            String at = text(m, "hubDeadLetterAt");
            String deliveries = text(m, "hubDeliveryCount");
            String reason = text(m, "hubDeadLetterReason");
            return new JourneyEntry(at != null ? Instant.parse(at) : timestamp(m), JourneyEntry.DEAD_LETTERED, "broker",
                    channel, type, id, correlation, type + " in " + queue + " (dead-lettered"
                            + (deliveries == null ? "" : " after " + deliveries + " deliveries") + "): "
                            + (reason != null ? reason : "delivery attempts exhausted (dead-lettered by the broker)"));
        }
        String address = text(m, "address");
        String channel = address == null ? queue : address;
        return new JourneyEntry(timestamp(m), JourneyEntry.QUEUED, "broker", channel, type, id, correlation,
                type + " still queued in " + queue + " (sent " + timestamp(m) + ")");
    }

    private static Instant timestamp(JsonNode m) {
        JsonNode at = m.get("timestamp");
        return at == null ? Instant.now() : Instant.ofEpochMilli(at.asLong());
    }

    private static String text(JsonNode m, String field) {
        JsonNode value = m.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }

    /** Request/reply on the management address (ManagementHelper's protocol, over JMS), one reply queue for all. */
    private static final class Management {

        private final Session session;
        private final long timeoutMs;
        private final Queue replies;
        private final MessageProducer producer;
        private final MessageConsumer consumer;

        Management(Session session, long timeoutMs) throws Exception {
            this.session = session;
            this.timeoutMs = timeoutMs;
            this.replies = session.createTemporaryQueue();
            this.producer = session.createProducer(session.createQueue(MANAGEMENT_ADDRESS));
            this.consumer = session.createConsumer(replies);
        }

        Object attribute(String resource, String attribute) throws Exception {
            Message request = session.createMessage();
            JMSManagementHelper.putAttribute(request, resource, attribute);
            return call(request);
        }

        Object invoke(String resource, String operation, Object... arguments) throws Exception {
            Message request = session.createMessage();
            JMSManagementHelper.putOperationInvocation(request, resource, operation, arguments);
            return call(request);
        }

        private Object call(Message request) throws Exception {
            request.setJMSReplyTo(replies);
            producer.send(request);
            Message reply = consumer.receive(timeoutMs);
            if (reply == null) {
                throw new IllegalStateException("the broker's management address did not answer in " + timeoutMs
                        + " ms");
            }
            if (!JMSManagementHelper.hasOperationSucceeded(reply)) {
                throw new IllegalStateException("the broker refused a management request: "
                        + JMSManagementHelper.getResult(reply));
            }
            return JMSManagementHelper.getResult(reply);
        }
    }
}
