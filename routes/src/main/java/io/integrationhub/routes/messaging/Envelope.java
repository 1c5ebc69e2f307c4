package io.integrationhub.routes.messaging;

import java.util.Set;

import jakarta.jms.Destination;
import jakarta.jms.JMSException;
import jakarta.jms.Queue;
import jakarta.jms.Topic;

import org.apache.camel.Message;

/**
 * The envelope of a received message (DESIGN.md §2), read from the Camel message headers the JMS consumer set.
 *
 * @param replyTo the channel name of JMSReplyTo (without queue:/topic:), or null
 */
public record Envelope(String messageId, String messageType, String messageVersion, String aggregateType,
        String aggregateId, String correlationId, String replyTo, String sagaId, String traceParent) {

    /** 1, 2, 3, … per producing outbox, destination and aggregate (checked by the delivery auditor). */
    public static final String AGGREGATE_SEQUENCE = "aggregateSequence";
    /** The outbox (service schema) whose counter {@link #AGGREGATE_SEQUENCE} comes from. */
    public static final String AGGREGATE_SEQUENCE_SOURCE = "aggregateSequenceSource";

    public static Envelope of(Message message) {
        return new Envelope(message.getHeader("messageId", String.class),
                message.getHeader("messageType", String.class),
                message.getHeader("messageVersion", String.class),
                message.getHeader("aggregateType", String.class),
                message.getHeader("aggregateId", String.class),
                message.getHeader("JMSCorrelationID", String.class),
                channelName(message.getHeader("JMSReplyTo")),
                message.getHeader("sagaId", String.class),
                message.getHeader("traceparent", String.class));
    }

    /** Every message must carry the envelope's messageId: it is the key of every idempotent consumer. */
    public static void requireMessageId(org.apache.camel.Exchange exchange) {
        String messageId = exchange.getMessage().getHeader("messageId", String.class);
        if (messageId == null || messageId.isBlank() || messageId.length() > 100) {
            throw new PoisonMessageException("the message has no usable messageId header");
        }
    }

    /** A route accepts the messageTypes it was made for; anything else on its channel is poison. */
    public Envelope requireMessageType(String channel, Set<String> accepted) {
        if (messageType == null || !accepted.contains(messageType)) {
            throw new PoisonMessageException(channel + " does not accept messageType '" + messageType + "'");
        }
        return this;
    }

    private static String channelName(Object replyTo) {
        try {
            if (replyTo instanceof Queue queue) {
                return queue.getQueueName();
            }
            if (replyTo instanceof Topic topic) {
                return topic.getTopicName();
            }
            if (replyTo instanceof Destination) {
                throw new IllegalArgumentException("unsupported JMSReplyTo " + replyTo);
            }
            return replyTo == null ? null : replyTo.toString();
        } catch (JMSException e) {
            throw new IllegalArgumentException("unreadable JMSReplyTo", e);
        }
    }
}
