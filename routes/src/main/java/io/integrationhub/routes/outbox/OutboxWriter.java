package io.integrationhub.routes.outbox;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

import io.integrationhub.routes.tracing.HubTracing;

/**
 * Appends messages to one service's outbox; declaring one as a bean is what gives a service schema its outbox relay,
 * publisher, cleanup and lag metrics (see OutboxConfiguration). It joins the caller's transaction and refuses to run without one: a
 * message written outside the business transaction is exactly the dual write the outbox exists to prevent.
 *
 * <p>Each row gets its {@code aggregate_sequence}: 1, 2, 3, … per destination and aggregate, from the counter table
 * {@code aggregate_sequence} in the same statement (no extra round trip). The relay sends it as the envelope header
 * {@code aggregateSequence}, with {@code aggregateSequenceSource} = this outbox's schema, so a consumer can check it per
 * producer (the delivery auditor of the route templates).
 */
public class OutboxWriter {

    private final JdbcTemplate jdbc;
    private final String schema;
    private final String jmsComponent;
    private final String insert;
    private HubTracing tracing = HubTracing.NOOP;

    /**
     * @param jmsComponent the Camel JMS component the relay sends this outbox's rows with: the owning service's
     *                     (e.g. {@code order-jms}), so its messages reach the broker as that service's user
     */
    public OutboxWriter(JdbcTemplate jdbc, String schema, String jmsComponent) {
        this.jdbc = jdbc;
        this.schema = Outboxes.checkedSchema(schema);
        this.jmsComponent = jmsComponent;
        // one statement: the aggregate's next aggregateSequence for this destination (the counter row stays locked
        // until commit, so a second writer of the same aggregate waits and takes the next number and a later id)
        String s = Outboxes.checkedSchema(schema);
        this.insert = "with sequence as (insert into " + s + ".aggregate_sequence as c (destination, aggregate_type, "
                + "aggregate_id, last_sequence) values (?, ?, ?, 1) on conflict (destination, aggregate_type, "
                + "aggregate_id) do update set last_sequence = c.last_sequence + 1 returning last_sequence) "
                + "insert into " + s + ".outbox (message_id, destination, "
                + "message_type, message_version, aggregate_type, aggregate_id, reply_to, correlation_id, saga_id, "
                + "trace_parent, payload, content_type, aggregate_sequence) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
                + "(select last_sequence from sequence))";
    }

    /**
     * Set by Spring on the bean (the applications build their writers with {@code new}); without it rows store the
     * traceparent they were given.
     */
    @Autowired(required = false)
    public void setTracing(HubTracing tracing) {
        this.tracing = tracing;
    }

    public String schema() {
        return schema;
    }

    public String jmsComponent() {
        return jmsComponent;
    }

    /**
     * The row stores the current span's traceparent when there is one (the intake's, or the consumer span of the
     * message being handled), so the relay's PRODUCER span of this row is its child; the message's own traceparent
     * is the fallback outside any span (saga deadlines, demo data).
     *
     * @return the messageId of the new row
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public UUID append(OutboxMessage message) {
        UUID messageId = UUID.randomUUID();
        jdbc.update(insert, parameters(message, messageId, tracing.currentTraceParent(message.traceParent())));
        return messageId;
    }

    /**
     * Appends several messages in the caller's transaction as one JDBC batch: one round trip to PostgreSQL instead of
     * one per row (a saga step's commands: 2 rows on every order intake). The rows get their ids and
     * aggregate sequences in list order, as with {@link #append} one after the other.
     *
     * @return the messageIds, in the order of {@code messages}
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public List<UUID> appendAll(List<OutboxMessage> messages) {
        if (messages.size() == 1) {
            return List.of(append(messages.get(0)));
        }
        List<UUID> messageIds = new ArrayList<>(messages.size());
        List<Object[]> rows = new ArrayList<>(messages.size());
        for (OutboxMessage message : messages) {
            UUID messageId = UUID.randomUUID();
            messageIds.add(messageId);
            rows.add(parameters(message, messageId, tracing.currentTraceParent(message.traceParent())));
        }
        if (!rows.isEmpty()) {
            jdbc.batchUpdate(insert, rows);
        }
        return messageIds;
    }

    private static Object[] parameters(OutboxMessage message, UUID messageId, String traceParent) {
        return new Object[] { message.destination(), message.aggregateType(), message.aggregateId(),
                messageId, message.destination(), message.messageType(), message.messageVersion(),
                message.aggregateType(), message.aggregateId(), message.replyTo(), message.correlationId(),
                message.sagaId(), traceParent, message.payload(),
                message.contentType() };
    }
}
