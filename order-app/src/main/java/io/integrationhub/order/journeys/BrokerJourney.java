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
import jakarta.jms.QueueBrowser;
import jakarta.jms.Session;

import org.apache.activemq.artemis.api.core.management.ResourceNames;
import org.apache.activemq.artemis.api.jms.management.JMSManagementHelper;


import io.integrationhub.routes.journey.JourneyEntry;
import io.integrationhub.routes.journey.JourneyQuery;
import io.integrationhub.routes.journey.JourneySource;

/**
 * What the broker holds for the order now, from its own management API: every queue (channels, subscriptions and
 * DLQ.&lt;channel&gt;) is asked how many messages with {@code aggregateId = '<orderId>'} it holds, through Artemis'
 * management address with management messages — a client-side mechanism, so the same code reads the embedded broker
 * and a standalone one — and the queues that hold some are browsed. It logs in as the broker operator (role hub-admin), the only role that may manage and browse
 * every queue; a message still queued shows its delivery count, a dead letter its reason and deliveries.
 */
class BrokerJourney implements JourneySource {

    private static final String MANAGEMENT_ADDRESS = "activemq.management";
    private static final java.util.regex.Pattern TEMPORARY = java.util.regex.Pattern
            .compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

    private final ConnectionFactory broker;
    private final long timeoutMs;

    /** @param broker connects as the broker operator, or null when no operator login is configured */
    BrokerJourney(ConnectionFactory broker, long timeoutMs) {
        this.broker = broker;
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
                // the broker's own queues, and temporary reply queues (JMS names them by UUID)
                if (queue.startsWith("activemq.") || queue.equals("ExpiryQueue") || TEMPORARY.matcher(queue).matches()) {
                    continue;
                }
                // counting filters on the properties only; the few queues that hold some are browsed
                Object count = management.invoke(ResourceNames.QUEUE + queue, "countMessages", filter);
                if (((Number) count).longValue() == 0) {
                    continue;
                }
                String address = String.valueOf(management.attribute(ResourceNames.QUEUE + queue, "address"));
                entries.addAll(browse(session, queue, address, filter));
            }
        }
        return entries;
    }

    /**
     * A JMS browser, not the management API's listMessages: listing a message there reads its body on the broker,
     * and a text message browsed that way was then delivered with an empty body (seen here: its replay from a
     * dead-letter queue failed with "No content to map"). A browser reads copies, and only their properties here.
     */
    private static List<JourneyEntry> browse(Session session, String queue, String address, String filter)
            throws Exception {
        List<JourneyEntry> entries = new ArrayList<>();
        // the fully qualified name reaches a topic's subscription queue as well as a plain queue
        String name = address.equals(queue) ? queue : address + "::" + queue;
        try (QueueBrowser browser = session.createBrowser(session.createQueue(name), filter)) {
            var messages = browser.getEnumeration();
            while (messages.hasMoreElements()) {
                entries.add(entry(queue, address, (Message) messages.nextElement()));
            }
        }
        return entries;
    }

    private static JourneyEntry entry(String queue, String address, Message m) throws Exception {
        String type = m.getStringProperty("messageType");
        String id = m.getStringProperty("messageId");
        String correlation = m.getJMSCorrelationID();
        Instant sent = Instant.ofEpochMilli(m.getJMSTimestamp());
        if (queue.startsWith("DLQ.")) {
            String channel = queue.substring("DLQ.".length());
            String at = m.getStringProperty("hubDeadLetterAt");
            String deliveries = m.getStringProperty("hubDeliveryCount");
            String reason = m.getStringProperty("hubDeadLetterReason");
            return new JourneyEntry(at != null ? Instant.parse(at) : sent, JourneyEntry.DEAD_LETTERED, "broker",
                    channel, type, id, correlation, type + " in " + queue + " (dead-lettered"
                            + (deliveries == null ? "" : " after " + deliveries + " deliveries") + "): "
                            + (reason != null ? reason : "delivery attempts exhausted (dead-lettered by the broker)"));
        }
        int deliveries = m.propertyExists("JMSXDeliveryCount") ? m.getIntProperty("JMSXDeliveryCount") : 0;
        return new JourneyEntry(sent, JourneyEntry.QUEUED, "broker", address, type, id, correlation, type
                + " still queued in " + queue + (deliveries > 1 ? " (delivered " + (deliveries - 1)
                        + " time(s) without success so far)" : ""));
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
