package io.integrationhub.routes.outbox;

import java.util.Base64;
import java.util.Objects;

import io.integrationhub.routes.messaging.ContentTypes;

/**
 * A message to append to a service's outbox: where it goes and its envelope (DESIGN.md §2). The {@code messageId} is
 * assigned when the row is written and stays the same across relay retries and broker redelivery.
 *
 * @param destination   {@code queue:<channel>} or {@code topic:<channel>}
 * @param replyTo       channel the answer goes to (commands), or null
 * @param correlationId on replies: the messageId of the command answered, or null
 * @param contentType   how the payload is encoded ({@link ContentTypes}); a binary one (protobuf) is stored as base64
 *                      in the text column and sent as the original bytes (see {@link #withBinaryPayload})
 */
public record OutboxMessage(String destination, String messageType, String messageVersion, String aggregateType,
        String aggregateId, String replyTo, String correlationId, String sagaId, String traceParent, String payload,
        String contentType) {

    /** A JSON message. */
    public OutboxMessage(String destination, String messageType, String messageVersion, String aggregateType,
            String aggregateId, String replyTo, String correlationId, String sagaId, String traceParent,
            String payload) {
        this(destination, messageType, messageVersion, aggregateType, aggregateId, replyTo, correlationId, sagaId,
                traceParent, payload, ContentTypes.JSON);
    }

    public OutboxMessage {
        Objects.requireNonNull(destination, "destination");
        Objects.requireNonNull(messageType, "messageType");
        Objects.requireNonNull(messageVersion, "messageVersion");
        Objects.requireNonNull(aggregateType, "aggregateType");
        Objects.requireNonNull(aggregateId, "aggregateId");
        Objects.requireNonNull(payload, "payload");
        Objects.requireNonNull(contentType, "contentType");
        if (!destination.startsWith("queue:") && !destination.startsWith("topic:")) {
            throw new IllegalArgumentException("destination must be queue:<name> or topic:<name>: " + destination);
        }
    }

    /**
     * The same message with a binary body. Why base64 in the outbox's text column rather than a bytea column: the
     * outbox table lives in every service schema, and its operators' views (held rows) show the payload as text; the
     * 4/3 overhead stays in the database, the relay sends the original bytes ({@code OutboxRoutes.toEnvelope}).
     */
    public OutboxMessage withBinaryPayload(String binaryContentType, byte[] body) {
        if (ContentTypes.isText(binaryContentType)) {
            throw new IllegalArgumentException(binaryContentType + " is a text format: use the text payload");
        }
        return new OutboxMessage(destination, messageType, messageVersion, aggregateType, aggregateId, replyTo,
                correlationId, sagaId, traceParent, Base64.getEncoder().encodeToString(body), binaryContentType);
    }

    /** The payload as the relay sends it: the text itself, or the bytes a binary payload's base64 stands for. */
    public static Object wireBody(String contentType, String storedPayload) {
        return ContentTypes.isText(contentType) ? storedPayload : Base64.getDecoder().decode(storedPayload);
    }

    /** An event published on a topic. */
    public static OutboxMessage event(String topic, String messageType, String aggregateType, String aggregateId,
            String traceParent, String payload) {
        return new OutboxMessage("topic:" + topic, messageType, "1.0", aggregateType, aggregateId, null, null, null,
                traceParent, payload);
    }

    /**
     * The reply to a command: to the command's JMSReplyTo, correlated by the command's messageId, about the same
     * aggregate (so it lands in the same message group) and saga, in the same trace.
     */
    public static OutboxMessage reply(io.integrationhub.routes.messaging.Envelope command, String messageType,
            String payload) {
        if (command.replyTo() == null) {
            throw new IllegalArgumentException(command.messageType() + " " + command.messageId() + " has no JMSReplyTo");
        }
        return new OutboxMessage("queue:" + command.replyTo(), messageType, "1.0", command.aggregateType(),
                command.aggregateId(), null, command.messageId(), command.sagaId(), command.traceParent(), payload);
    }

    /** A command sent to a queue; the reply goes to {@code replyTo}. */
    public static OutboxMessage command(String queue, String messageType, String aggregateType, String aggregateId,
            String replyTo, String traceParent, String payload) {
        return new OutboxMessage("queue:" + queue, messageType, "1.0", aggregateType, aggregateId, replyTo, null, null,
                traceParent, payload);
    }
}
