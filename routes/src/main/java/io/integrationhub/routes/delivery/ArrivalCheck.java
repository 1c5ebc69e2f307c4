package io.integrationhub.routes.delivery;

import java.util.List;
import java.util.Map;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import io.integrationhub.routes.messaging.Envelope;
import io.integrationhub.routes.messaging.FailureListener;
import io.integrationhub.routes.messaging.HubJmsErrors;

/**
 * One per templated route, run twice per message. First, before anything can fail, it makes itself the exchange's
 * {@link FailureListener}, so any failure of a message with an aggregateId blocks that aggregate ({@link Parking}).
 * Then, in the delivery's database transaction after the envelope checks, one SQL statement answers both questions
 * of the message's arrival — is its aggregate parked on this route, and what is the highest {@code aggregateSequence}
 * seen of its producer and aggregate (moving it up to this one):
 * <ul>
 * <li>not parked: the message goes on (the next number expected costs nothing more; any other is a finding of the
 * {@link DeliveryAudit});</li>
 * <li>parked behind another message: kept in {@code parked_message} and acknowledged, no effect;</li>
 * <li>it is the blocking message itself (a redelivery or the replayed dead letter): processed, and once its
 * transaction commits the aggregate's parked messages are released in order, before it is acknowledged.</li>
 * </ul>
 * Cost: one statement per message with an aggregateId (two index lookups and an upsert of one row); none without.
 * A message without {@code aggregateSequence} (outside clients) is not audited; a replayed dead letter
 * ({@code hubReplayed}) and the blocking message are not audited again either (their numbers were counted when first
 * delivered).
 */
public class ArrivalCheck implements Processor, FailureListener {

    private static final Logger log = LoggerFactory.getLogger(ArrivalCheck.class);
    /** Set on a dead letter sent back to its channel by the dead-letter admin API. */
    public static final String REPLAYED = "hubReplayed";

    /** The producer and number of an audited message. */
    record Sequence(String source, long number) {
    }

    private final String channel;
    private final String schema;
    private final String handler;
    private final String jmsComponent;
    private final Parking parking;
    private final DeliveryAudit audit;
    private final String parkedAndPosition;
    private final String parkedOnly;

    public ArrivalCheck(String channel, String schema, String handler, String jmsComponent, Parking parking,
            DeliveryAudit audit) {
        this.channel = channel;
        this.schema = schema;
        this.handler = handler;
        this.jmsComponent = jmsComponent;
        this.parking = parking;
        this.audit = audit;
        this.parkedOnly = "select blocking_message_id from " + schema + ".parked_aggregate where route_id = ? and "
                + "aggregate_id = ? for share";
        this.parkedAndPosition = "with parked as (" + parkedOnly + "), previous as (select highest from " + schema
                + ".delivery_position where route_id = ? and source = ? and aggregate_id = ? for update), seen as ("
                + upsertPosition(schema) + " returning 1) select (select blocking_message_id from parked) as "
                + "blocked_by, (select highest from previous) as previous, (select count(*) from seen) as seen";
    }

    private static String upsertPosition(String schema) {
        return "insert into " + schema + ".delivery_position as p (route_id, source, aggregate_id, channel, highest) "
                + "values (?, ?, ?, ?, ?) on conflict (route_id, source, aggregate_id) do update set highest = "
                + "greatest(p.highest, excluded.highest), updated_at = now()";
    }

    /** Moves the auditor's position of an aggregate up to a number (never down). */
    static void advance(JdbcTemplate jdbc, String schema, String routeId, String channel, Sequence sequence,
            String aggregateId) {
        jdbc.update(upsertPosition(schema), routeId, sequence.source(), aggregateId, channel, sequence.number());
    }

    @Override
    public void process(Exchange exchange) throws Exception {
        if (exchange.getProperty(HubJmsErrors.FAILURE_LISTENER) == null) {
            // the first call, before the transaction (a template may make one instance per reference: any will do)
            exchange.setProperty(HubJmsErrors.FAILURE_LISTENER, this);
            return;
        }
        var message = exchange.getMessage();
        String aggregateId = message.getHeader("aggregateId", String.class);
        if (aggregateId == null) {
            return;
        }
        String routeId = exchange.getFromRouteId();
        String messageId = message.getHeader("messageId", String.class);
        Sequence sequence = sequence(message);
        JdbcTemplate jdbc = parking.jdbc();
        String blockedBy;
        Long previous = null;
        if (sequence == null) {
            List<String> blocked = jdbc.queryForList(parkedOnly, String.class, routeId, aggregateId);
            blockedBy = blocked.isEmpty() ? null : blocked.get(0);
        } else {
            Map<String, Object> row = jdbc.queryForMap(parkedAndPosition, routeId, aggregateId, routeId,
                    sequence.source(), aggregateId, routeId, sequence.source(), aggregateId, channel,
                    sequence.number());
            blockedBy = (String) row.get("blocked_by");
            previous = row.get("previous") == null ? null : ((Number) row.get("previous")).longValue();
        }
        boolean blocking = messageId.equals(blockedBy);
        if (sequence != null && !blocking && !message.getHeader(REPLAYED, false, Boolean.class)) {
            audit.record(new DeliveryAudit.Arrival(schema, routeId, channel, sequence.source(),
                    message.getHeader("aggregateType", String.class), aggregateId, messageId, sequence.number()),
                    previous);
        }
        if (blockedBy == null) {
            return;
        }
        if (blocking) {
            releaseAfterCommit(routeId, aggregateId);
            return;
        }
        parking.park(schema, routeId, channel, aggregateId, blockedBy, exchange);
        log.info("Parked {} {} of aggregate {} on {}: it waits behind {}", message.getHeader("messageType"), messageId,
                aggregateId, channel, blockedBy);
        exchange.setRouteStop(true);
    }

    /**
     * After this delivery's commit, still on the consumer's thread and before the broker sees the acknowledgement: the
     * next message of the aggregate's group comes only after the parked ones were processed.
     */
    private void releaseAfterCommit(String routeId, String aggregateId) {
        ConsumingRoute route = new ConsumingRoute(routeId, channel, schema, handler, jmsComponent);
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCommit() {
                try {
                    parking.release(route, aggregateId);
                } catch (RuntimeException e) {
                    // the parked messages stay; the blocking message's redelivery (or a skip) releases them
                    log.error("Releasing the parked messages of aggregate {} on {} failed: {}", aggregateId, channel,
                            e.toString());
                }
            }
        });
    }

    @Override
    public void failed(Exchange exchange, boolean deadLettered) {
        var message = exchange.getMessage();
        String aggregateId = message.getHeader("aggregateId", String.class);
        String messageId = message.getHeader("messageId", String.class);
        if (aggregateId == null || messageId == null || exchange.getFromRouteId() == null) {
            return;
        }
        String reason = deadLettered ? message.getHeader(HubJmsErrors.REASON, String.class)
                : describe(exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class));
        String routeId = exchange.getFromRouteId();
        String aggregateType = message.getHeader("aggregateType", String.class);
        Sequence sequence = sequence(message);
        Runnable block = () -> {
            try {
                parking.block(schema, routeId, channel, aggregateId, aggregateType, messageId, reason, deadLettered,
                        sequence);
            } catch (RuntimeException e) {
                log.error("Could not park aggregate {} on {} behind {}: {}", aggregateId, channel, messageId,
                        e.toString());
            }
        };
        // after the failed delivery's rollback: until then it holds the locks of this very aggregate's rows (its
        // arrival check's), which a transaction of its own would wait for forever. Still before the broker learns of
        // the rollback or the dead letter, so the aggregate's next message finds it blocked.
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCompletion(int status) {
                    block.run();
                }
            });
        } else {
            block.run();
        }
    }

    private static String describe(Exception cause) {
        return cause == null ? "failed" : cause.getClass().getSimpleName() + ": " + cause.getMessage();
    }

    private static Sequence sequence(org.apache.camel.Message message) {
        Long number = message.getHeader(Envelope.AGGREGATE_SEQUENCE, Long.class);
        if (number == null) {
            return null;
        }
        String source = message.getHeader(Envelope.AGGREGATE_SEQUENCE_SOURCE, String.class);
        return new Sequence(source == null ? "" : source, number);
    }
}
