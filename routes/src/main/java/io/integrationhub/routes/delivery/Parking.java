package io.integrationhub.routes.delivery;

import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.jms.ConnectionFactory;
import jakarta.jms.Destination;
import jakarta.jms.JMSException;
import jakarta.jms.Queue;
import jakarta.jms.Session;
import jakarta.jms.Topic;

import org.apache.activemq.artemis.jms.client.ActiveMQDestination;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.component.jms.JmsComponent;
import org.apache.camel.spi.IdempotentRepository;
import org.apache.camel.support.DefaultExchange;
import org.apache.camel.support.service.ServiceHelper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jms.core.JmsTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.integrationhub.routes.idempotency.ProcessedMessages;
import io.integrationhub.routes.messaging.HubJmsErrors;
import io.integrationhub.routes.rest.ProblemException;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Per-aggregate parking (tables {@code parked_aggregate}, {@code parked_message}). When a message of aggregate X fails
 * on a route — rolled back for redelivery, or dead-lettered — X is <i>blocked</i> by it (in a transaction of its own:
 * the delivery's rolls back). The route's later messages of X are then parked in arrival order and acknowledged
 * without effect, while every other aggregate flows. When the blocking message is processed (a broker redelivery that
 * succeeds, or the replayed dead letter), the parked messages are released: processed one by one, in arrival order,
 * through the route's idempotent repository and handler, each in its own transaction, before that delivery is
 * acknowledged. An operator may instead skip the dead letter ({@link #skip}).
 *
 * <p>Why the route's own consumer thread releases (and not a re-send to the channel): X's messages have one message
 * group, so X's next message on the broker waits for this delivery's acknowledgement; releasing before it keeps X's
 * order without a second ordering mechanism. With consumers that do not share a group, the row locks keep it: an
 * arrival reads {@code parked_aggregate} {@code for share}, each release step locks it {@code for update}, so an
 * arrival either parks behind the messages being released (and is released in turn) or, once the row is gone, is
 * processed.
 *
 * <p>A released message that fails becomes X's new dead letter (sent to {@code DLQ.<channel>} with its reason) and the
 * rest stay parked: no broker redelivery backs it off, so a transient failure there needs another replay.
 */
public class Parking {

    private static final Logger log = LoggerFactory.getLogger(Parking.class);
    /** Camel and JMS bookkeeping a parked message does not keep (the envelope and JMSXGroupID stay). */
    private static final List<String> NOT_KEPT = List.of("Camel", "JMSMessageID", "JMSDestination", "JMSDeliveryMode",
            "JMSExpiration", "JMSPriority", "JMSRedelivered", "JMSTimestamp", "JMSType", "JMSXDeliveryCount",
            "JMSXUserID", "_AMQ", "__AMQ", "hub");

    private final JdbcTemplate jdbc;
    private final TransactionTemplate ownTransaction;
    private final CamelContext camel;
    private final ProducerTemplate producer;
    private final ProcessedMessages processed;
    private final ObjectMapper json;
    private final MeterRegistry meters;
    private final Map<String, IdempotentRepository> repositories = new ConcurrentHashMap<>();

    public Parking(JdbcTemplate jdbc, PlatformTransactionManager transactions, CamelContext camel,
            ProcessedMessages processed, ObjectMapper json, MeterRegistry meters) {
        this.jdbc = jdbc;
        this.ownTransaction = new TransactionTemplate(transactions);
        this.ownTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        this.camel = camel;
        this.producer = camel.createProducerTemplate();
        this.processed = processed;
        this.json = json;
        this.meters = meters;
    }

    JdbcTemplate jdbc() {
        return jdbc;
    }

    /** In the delivery's transaction: keeps the message behind the one blocking its aggregate. */
    void park(String schema, String routeId, String channel, String aggregateId, String blockingMessageId,
            Exchange exchange) throws Exception {
        var message = exchange.getMessage();
        Object body = message.getBody();
        boolean binary = body instanceof byte[];
        jdbc.update("insert into " + schema + ".parked_message (route_id, aggregate_id, channel, message_id, "
                + "message_type, aggregate_sequence, blocking_message_id, headers, body, body_base64) "
                + "values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) on conflict (route_id, message_id) do nothing",
                routeId, aggregateId, channel, message.getHeader("messageId", String.class),
                message.getHeader("messageType", String.class),
                message.getHeader(io.integrationhub.routes.messaging.Envelope.AGGREGATE_SEQUENCE, Long.class),
                blockingMessageId, json.writeValueAsString(keptHeaders(message.getHeaders())),
                binary ? Base64.getEncoder().encodeToString((byte[]) body) : message.getBody(String.class), binary);
        meters.counter("hub.messages.parked", "channel", channel).increment();
    }

    /**
     * In a transaction of its own (the failed delivery's rolls back): the aggregate is blocked by this message, and
     * the auditor's position includes it (its redelivery or replay is then not a gap behind the messages parked).
     */
    void block(String schema, String routeId, String channel, String aggregateId, String aggregateType,
            String messageId, String reason, boolean deadLettered, ArrivalCheck.Sequence sequence) {
        ownTransaction.executeWithoutResult(tx -> {
            jdbc.update("insert into " + schema + ".parked_aggregate as p (route_id, aggregate_id, channel, "
                    + "aggregate_type, blocking_message_id, dead_lettered, reason) values (?, ?, ?, ?, ?, ?, ?) "
                    + "on conflict (route_id, aggregate_id) do update set dead_lettered = excluded.dead_lettered, "
                    + "reason = excluded.reason where p.blocking_message_id = excluded.blocking_message_id",
                    routeId, aggregateId, channel, aggregateType, messageId, deadLettered, truncate(reason));
            if (sequence != null) {
                ArrivalCheck.advance(jdbc, schema, routeId, channel, sequence, aggregateId);
            }
        });
    }

    /**
     * Processes the aggregate's parked messages in order, each in its own transaction, until none is left (then the
     * aggregate is no longer parked) or one fails (then it is the new dead letter and the rest wait).
     *
     * @return how many were processed, and the new blocking message if one failed
     */
    public DeliveryViews.Skipped release(ConsumingRoute route, String aggregateId) {
        int released = 0;
        while (true) {
            ReleaseStep step;
            try {
                step = ownTransaction.execute(tx -> releaseNext(route, aggregateId));
            } catch (ReleaseFailed failed) {
                deadLetterReleased(route, failed);
                return new DeliveryViews.Skipped(0, released, failed.messageId);
            }
            if (step == ReleaseStep.DONE) {
                if (released > 0) {
                    log.info("Released {} parked message(s) of aggregate {} on {} (route {}), in order", released,
                            aggregateId, route.channel(), route.routeId());
                }
                return new DeliveryViews.Skipped(0, released, null);
            }
            released++;
        }
    }

    private enum ReleaseStep { RELEASED, DONE }

    private ReleaseStep releaseNext(ConsumingRoute route, String aggregateId) {
        String s = route.schema();
        List<String> blocked = jdbc.queryForList("select blocking_message_id from " + s + ".parked_aggregate where "
                + "route_id = ? and aggregate_id = ? for update", String.class, route.routeId(), aggregateId);
        if (blocked.isEmpty()) {
            return ReleaseStep.DONE;
        }
        List<Map<String, Object>> next = jdbc.queryForList("select id, message_id, headers, body, body_base64 from " + s
                + ".parked_message where route_id = ? and aggregate_id = ? order by id limit 1", route.routeId(),
                aggregateId);
        if (next.isEmpty()) {
            jdbc.update("delete from " + s + ".parked_aggregate where route_id = ? and aggregate_id = ?",
                    route.routeId(), aggregateId);
            return ReleaseStep.DONE;
        }
        Map<String, Object> row = next.get(0);
        Exchange exchange = rebuild(route, row);
        String messageId = (String) row.get("message_id");
        try {
            if (repository(route).add(exchange, messageId)) {
                producer.send(route.handler(), exchange);
                if (exchange.getException() != null) {
                    throw exchange.getException();
                }
            }
        } catch (Exception e) {
            throw new ReleaseFailed(row, exchange, e);
        }
        jdbc.update("delete from " + s + ".parked_message where id = ?", row.get("id"));
        return ReleaseStep.RELEASED;
    }

    /** The failed released message goes to DLQ.&lt;channel&gt; and blocks the aggregate; the rest stay parked. */
    private void deadLetterReleased(ConsumingRoute route, ReleaseFailed failed) {
        String reason = failed.getCause().getClass().getSimpleName() + ": " + failed.getCause().getMessage();
        var message = failed.exchange.getMessage();
        String aggregateId = message.getHeader("aggregateId", String.class);
        JmsTemplate jms = new JmsTemplate(connectionFactory(route.jmsComponent()));
        jms.send("DLQ." + route.channel(), session -> {
            var dead = bodyOf(session, failed.row);
            for (var header : message.getHeaders().entrySet()) {
                if (header.getValue() instanceof Destination destination) {
                    continue;
                }
                if (header.getKey().equals("JMSCorrelationID")) {
                    dead.setJMSCorrelationID(String.valueOf(header.getValue()));
                } else if (!header.getKey().startsWith("Camel")) {
                    dead.setObjectProperty(header.getKey().replace("-", "_HYPHEN_"), header.getValue());
                }
            }
            dead.setStringProperty("hubDeadLetterChannel", route.channel());
            dead.setStringProperty("hubOriginalChannel", route.channel());
            dead.setStringProperty(HubJmsErrors.REASON, "failed when released from parking: " + reason);
            dead.setStringProperty("hubDeadLetterRoute", route.routeId());
            dead.setStringProperty("hubDeadLetterAt", Instant.now().toString());
            return dead;
        });
        ownTransaction.executeWithoutResult(tx -> {
            jdbc.update("update " + route.schema() + ".parked_aggregate set blocking_message_id = ?, dead_lettered = "
                    + "true, reason = ?, since = now() where route_id = ? and aggregate_id = ?", failed.messageId,
                    truncate(reason), route.routeId(), aggregateId);
            jdbc.update("delete from " + route.schema() + ".parked_message where id = ?", failed.row.get("id"));
        });
        meters.counter("hub.messages.dead-lettered", "channel", route.channel(), "kind", "released").increment();
        log.warn("Dead-lettered {} {} from {} to DLQ.{}: failed when released from parking: {}; the later messages "
                + "of aggregate {} stay parked", message.getHeader("messageType"), failed.messageId, route.channel(),
                route.channel(), reason, aggregateId);
    }

    /**
     * Takes the blocking message's dead letters out of {@code DLQ.<channel>} and releases the rest. Refused (409)
     * while the blocking message is still being redelivered: skipping it then would let it run after the others.
     */
    public DeliveryViews.Skipped skip(ConsumingRoute route, String aggregateId) throws JMSException {
        List<Map<String, Object>> parked = jdbc.queryForList("select blocking_message_id, dead_lettered from "
                + route.schema() + ".parked_aggregate where route_id = ? and aggregate_id = ?", route.routeId(),
                aggregateId);
        if (parked.isEmpty()) {
            throw ProblemException.notFound("Aggregate '" + aggregateId + "' is not parked on " + route.channel() + ".");
        }
        if (!Boolean.TRUE.equals(parked.get(0).get("dead_lettered"))) {
            throw new ProblemException(409, "Conflict", "The message blocking aggregate '" + aggregateId + "' is still "
                    + "being redelivered; skip it once it is dead-lettered.");
        }
        String blocking = (String) parked.get(0).get("blocking_message_id");
        int removed = 0;
        try (var connection = connectionFactory(route.jmsComponent()).createConnection()) {
            Session session = connection.createSession(true, Session.SESSION_TRANSACTED);
            connection.start();
            try (var consumer = session.createConsumer(session.createQueue("DLQ." + route.channel()),
                    "messageId = '" + blocking.replace("'", "") + "'")) {
                while (consumer.receive(500) != null) {
                    removed++;
                }
            }
            session.commit();
        }
        log.info("Skipped dead letter {} of aggregate {} on {} (route {}): {} removed from DLQ.{}", blocking,
                aggregateId, route.channel(), route.routeId(), removed, route.channel());
        DeliveryViews.Skipped released = release(route, aggregateId);
        return new DeliveryViews.Skipped(removed, released.released(), released.newBlockingMessageId());
    }

    /** The parked aggregates of these schemas (of one channel, or all), each with its messages in release order. */
    public List<DeliveryViews.ParkedAggregate> list(List<String> schemas, String channel) {
        List<DeliveryViews.ParkedAggregate> all = new java.util.ArrayList<>();
        for (String schema : schemas) {
            all.addAll(jdbc.query("select * from " + schema + ".parked_aggregate where cast(? as varchar) is null or "
                    + "channel = ? order by since", (rs, n) -> new DeliveryViews.ParkedAggregate(schema,
                            rs.getString("route_id"), rs.getString("channel"), rs.getString("aggregate_type"),
                            rs.getString("aggregate_id"), rs.getString("blocking_message_id"),
                            rs.getBoolean("dead_lettered"), rs.getString("reason"),
                            DeliveryAudit.instant(rs.getTimestamp("since")),
                            messages(schema, rs.getString("route_id"), rs.getString("aggregate_id"))),
                    channel, channel));
        }
        return all;
    }

    private List<DeliveryViews.ParkedMessage> messages(String schema, String routeId, String aggregateId) {
        return jdbc.query("select id, message_id, message_type, aggregate_sequence, parked_at from " + schema
                + ".parked_message where route_id = ? and aggregate_id = ? order by id", (rs, n) ->
                new DeliveryViews.ParkedMessage(rs.getLong("id"), rs.getString("message_id"),
                        rs.getString("message_type"), (Long) rs.getObject("aggregate_sequence"),
                        DeliveryAudit.instant(rs.getTimestamp("parked_at"))), routeId, aggregateId);
    }

    private Exchange rebuild(ConsumingRoute route, Map<String, Object> row) {
        Exchange exchange = new DefaultExchange(camel);
        exchange.getExchangeExtension().setFromRouteId(route.routeId());
        exchange.getExchangeExtension().setTransacted(true);
        exchange.setProperty(HubJmsErrors.JMS_COMPONENT, route.jmsComponent());
        try {
            Map<String, Object> headers = json.readValue((String) row.get("headers"), new TypeReference<>() {
            });
            headers.forEach(exchange.getMessage()::setHeader);
            Object replyTo = headers.get("JMSReplyTo");
            if (replyTo instanceof String name) {
                exchange.getMessage().setHeader("JMSReplyTo", name.startsWith("topic:")
                        ? ActiveMQDestination.createTopic(name.substring(6))
                        : ActiveMQDestination.createQueue(name.replaceFirst("^queue:", "")));
            }
        } catch (Exception e) {
            throw new IllegalStateException("unreadable headers of parked message " + row.get("message_id"), e);
        }
        String body = (String) row.get("body");
        exchange.getMessage().setBody(Boolean.TRUE.equals(row.get("body_base64")) ? Base64.getDecoder().decode(body)
                : body);
        return exchange;
    }

    private static jakarta.jms.Message bodyOf(Session session, Map<String, Object> row) throws JMSException {
        String body = (String) row.get("body");
        if (Boolean.TRUE.equals(row.get("body_base64"))) {
            var bytes = session.createBytesMessage();
            bytes.writeBytes(Base64.getDecoder().decode(body));
            return bytes;
        }
        return session.createTextMessage(body);
    }

    /** Envelope headers as JSON values; JMSReplyTo as {@code queue:<name>} / {@code topic:<name>}. */
    private static Map<String, Object> keptHeaders(Map<String, Object> headers) throws JMSException {
        Map<String, Object> kept = new LinkedHashMap<>();
        for (var header : headers.entrySet()) {
            String name = header.getKey();
            Object value = header.getValue();
            if (NOT_KEPT.stream().anyMatch(name::startsWith) && !name.equals("JMSXGroupID")) {
                continue;
            }
            if (value instanceof Queue queue) {
                kept.put(name, "queue:" + queue.getQueueName());
            } else if (value instanceof Topic topic) {
                kept.put(name, "topic:" + topic.getTopicName());
            } else if (value instanceof String || value instanceof Number || value instanceof Boolean) {
                kept.put(name, value);
            }
        }
        return kept;
    }

    private IdempotentRepository repository(ConsumingRoute route) {
        return repositories.computeIfAbsent(route.schema() + "/" + route.routeId(), key -> {
            IdempotentRepository repository = processed.repository(route.schema(), route.routeId());
            ServiceHelper.startService(repository);
            return repository;
        });
    }

    private ConnectionFactory connectionFactory(String component) {
        return camel.getComponent(component, JmsComponent.class).getConfiguration().getConnectionFactory();
    }

    private static String truncate(String reason) {
        return reason == null || reason.length() <= 1000 ? reason : reason.substring(0, 1000);
    }

    /** A released message failed: its transaction rolled back; what to dead-letter. */
    private static final class ReleaseFailed extends RuntimeException {
        final transient Map<String, Object> row;
        final transient Exchange exchange;
        final String messageId;

        ReleaseFailed(Map<String, Object> row, Exchange exchange, Exception cause) {
            super(cause);
            this.row = row;
            this.exchange = exchange;
            this.messageId = (String) row.get("message_id");
        }
    }
}
