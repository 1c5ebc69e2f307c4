package io.integrationhub.routes.outbox;

import java.util.List;
import java.util.Map;

import org.apache.camel.Exchange;
import org.apache.camel.ExchangePattern;
import org.apache.camel.LoggingLevel;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.jms.JmsComponent;
import org.apache.camel.spring.spi.SpringTransactionPolicy;
import org.springframework.jms.connection.JmsTransactionManager;

import io.integrationhub.routes.messaging.Envelope;
import io.integrationhub.routes.tracing.HubTracing;
import jakarta.jms.ConnectionFactory;

/**
 * The outbox as Camel routes:
 * <ul>
 * <li>{@code outbox-publisher} (template, one route per outbox): claims the oldest unpublished rows in id order that
 * it has not sent yet, hands them to {@code outbox-send-batch}, and marks them published only after that returned,
 * i.e. after the broker committed them — not at once, but with the batches sent since, once the mark is due
 * ({@link SentRows}). A crash in between re-sends them: at-least-once, and every consumer is idempotent on
 * {@code messageId}. Both statements are plain JDBC ({@link OutboxPublisherStatements} says why not camel-sql).</li>
 * <li>{@code outbox-send-batch-<component>} (one per JMS component, i.e. per service): sends one batch in one JMS
 * transaction (one broker commit per batch, not per row) as the service that owns the outbox
 * ({@link OutboxBatchSender}).</li>
 * <li>{@code outbox-cleanup} (template): deletes published rows older than the retention, in bounded batches.</li>
 * </ul>
 * Schema names are SQL identifiers, validated by {@link Outboxes}; every value is a bound parameter.
 */
public class OutboxRoutes extends RouteBuilder {

    static final String SEND_BATCH = "direct:outbox-send-batch-";
    static final String BATCH_SIZE = "batchSize";
    /** Header of every publisher call: the calling relay's {@link SentRows}. */
    static final String SENT_ROWS = "hubOutboxSentRows";
    /** Header: mark every sent row now, due or not (a relay that stops or holds a row). */
    static final String MARK_NOW = "hubOutboxMarkNow";
    /**
     * Unpublished, not held, and no held row of the same aggregate before it (the aggregate's order holds). The
     * partial index outbox_held is empty unless something is held, so the check costs nothing in normal operation.
     */
    public static final String CLAIMABLE = "o.published_at is null and o.failed_at is null and not exists (select 1 from "
            + "{{schema}}.outbox h where h.failed_at is not null and h.aggregate_id = o.aggregate_id and h.id < o.id)";
    /** With {@link #CLAIMABLE}: leaves out the rows sent and not yet marked ({@link SentRows#ids()}, one parameter). */
    public static final String NOT_SENT = " and not o.id = any(cast(? as bigint[]))";
    /**
     * Marks sent rows published ({@link SentRows#takeAll}): parameters the relay instance, the ids and how long ago
     * (µs) the broker committed each; {@code published_at} is that commit by the database's clock.
     */
    public static final String MARK = "update {{schema}}.outbox o set published_at = clock_timestamp() - s.age_us * "
            + "interval '1 microsecond', published_by = ? from unnest(cast(? as bigint[]), cast(? as bigint[])) "
            + "s(id, age_us) where o.id = s.id";
    /** What a relay reads of a row to send it ({@link #toEnvelope}); {@code {{schema}}} is the outbox's schema. */
    public static final String CLAIMED_COLUMNS = "id, message_id, destination, message_type, message_version, aggregate_type, "
            + "aggregate_id, reply_to, correlation_id, saga_id, trace_parent, content_type, payload, "
            + "aggregate_sequence, cast('{{schema}}' as varchar) as sequence_source";
    static final String DESTINATION = "hubOutboxDestination";
    /** Registry name of the lock holder's connection (see OutboxRelay#leaderDataSource). */
    static final String LEADER_DATA_SOURCE = "outboxLeaderDataSource-{{schema}}";

    private final List<OutboxWriter> outboxes;
    private final OutboxProperties properties;
    private final OutboxDeliveryLatency deliveryLatency;
    private final HubTracing tracing;

    /**
     * @param outboxes the outboxes to relay, each with the JMS component of its service
     * @param tracing  opens the PRODUCER span of each relayed row
     */
    public OutboxRoutes(List<OutboxWriter> outboxes, OutboxProperties properties,
            OutboxDeliveryLatency deliveryLatency, HubTracing tracing) {
        this.outboxes = outboxes;
        this.properties = properties;
        this.deliveryLatency = deliveryLatency;
        this.tracing = tracing;
    }

    @Override
    public void configure() {
        var statements = new OutboxPublisherStatements(getCamelContext(), properties.getRelayInstance());
        outboxes.forEach(outbox -> statements.add(outbox.schema()));
        for (String component : outboxes.stream().map(OutboxWriter::jmsComponent).distinct().toList()) {
            sendBatchRoute(component);
        }

        // the batch size comes with each call (header BATCH_SIZE): the relay claims one row at a time while it looks
        // for a row the broker refuses for good, and none when it only marks (OutboxRelay)
        routeTemplate("outbox-publisher")
                .templateParameter("schema")
                .templateParameter("sendBatch")
                .from("direct:outbox-publisher-{{schema}}")
                .errorHandler(noErrorHandler())
                .description("Relays committed rows of the {{schema}} outbox to the broker, oldest first")
                .process(statements::claim).id("claim-batch")
                .filter(exchangeProperty("claimed").isGreaterThan(0)).id("if-any-claimed")
                    .to("{{sendBatch}}").id("send-batch")
                    .process(statements::sent).id("await-mark")
                .end()
                .filter(statements::marksDue).id("if-mark-due")
                    .process(statements::markPublished).id("mark-published")
                    .process(deliveryLatency).id("record-delivery-latency")
                .end()
                .setBody(exchangeProperty("claimed")).id("answer-claimed-count");

        routeTemplate("outbox-cleanup")
                .templateParameter("schema")
                .templateParameter("intervalMs")
                .templateParameter("retentionSeconds")
                .templateParameter("batchSize")
                .from("timer:outbox-cleanup-{{schema}}?period={{intervalMs}}&delay={{intervalMs}}")
                .description("Deletes published rows of the {{schema}} outbox after the retention, in bounded batches")
                .setHeader("retentionSeconds", simple("{{retentionSeconds}}", Integer.class)).id("set-retention")
                .setHeader("batchSize", simple("{{batchSize}}", Integer.class)).id("set-cleanup-batch-size")
                .setHeader("CamelSqlUpdateCount", constant(Integer.MAX_VALUE)).id("start-first-batch")
                .loopDoWhile(simple("${header.CamelSqlUpdateCount} >= {{batchSize}}")).id("while-full-batches")
                    .to("sql:delete from {{schema}}.outbox where id in (select id from {{schema}}.outbox "
                            + "where published_at < now() - make_interval(secs => :#retentionSeconds) "
                            + "order by published_at limit :#batchSize)")
                        .id("delete-published")
                    .log(LoggingLevel.DEBUG, "outbox {{schema}}: deleted ${header.CamelSqlUpdateCount} published row(s)")
                        .id("log-deleted")
                .end();

        for (OutboxWriter outbox : outboxes) {
            String schema = outbox.schema();
            templatedRoute("outbox-publisher")
                    .routeId(Outboxes.publisherRouteId(schema))
                    .parameter("schema", schema)
                    .parameter("sendBatch", SEND_BATCH + outbox.jmsComponent());
            templatedRoute("outbox-cleanup")
                    .routeId(Outboxes.cleanupRouteId(schema))
                    .parameter("schema", schema)
                    .parameter("intervalMs", String.valueOf(properties.getCleanupInterval().toMillis()))
                    .parameter("retentionSeconds", String.valueOf(properties.getRetention().toSeconds()))
                    .parameter("batchSize", String.valueOf(properties.getCleanupBatchSize()));
        }
    }

    /**
     * One batch, one JMS transaction, sent with {@code component}. The transaction policy is over the component's own
     * connection factory: JmsTemplate joins a JMS transaction only when it was begun on the very factory it sends
     * with, otherwise every send would auto-commit on its own.
     */
    private void sendBatchRoute(String component) {
        JmsComponent jms = getCamelContext().getComponent(component, JmsComponent.class);
        ConnectionFactory connectionFactory = jms == null ? null : jms.getConfiguration().getConnectionFactory();
        if (connectionFactory == null) {
            throw new IllegalStateException("Outbox relay: no JMS component '" + component + "' with a connection factory");
        }
        String policyName = OutboxConfiguration.jmsTransactionPolicy(component);
        SpringTransactionPolicy policy = new SpringTransactionPolicy(new JmsTransactionManager(connectionFactory));
        // REQUIRED: the relay calls the batch route outside any transaction, so this opens one per batch
        policy.setPropagationBehaviorName("PROPAGATION_REQUIRED");
        bindToRegistry(policyName, policy);

        // A refused batch is not an error of these routes: the rows stay in the outbox and OutboxRelay retries with
        // backoff, logging one line per attempt. So no exhausted-delivery stack traces here.
        var quietRollback = new org.apache.camel.builder.SpringTransactionErrorHandlerBuilder();
        // Name the JMS policy here: without it this error handler takes the first TransactionTemplate it finds by
        // type — Boot's JDBC one — and .transacted() below keeps that error handler, so every send auto-committed
        // on its own (measured: 136 instead of >2,000 rows/s; OutboxRelayTest now counts broker transactions).
        quietRollback.transactedPolicyRef(policyName);
        quietRollback.rollbackLoggingLevel(LoggingLevel.DEBUG);
        quietRollback.logExhausted(false);

        from(SEND_BATCH + component).routeId("outbox-send-batch-" + component)
                .errorHandler(quietRollback)
                .description("Sends one claimed outbox batch in one JMS transaction")
                .transacted(policyName).id("in-one-broker-transaction-" + component)
                .process(new OutboxBatchSender(getCamelContext(), component, connectionFactory, tracing))
                    .id("send-rows-" + component);
    }

    /** Row → JMS message with the DESIGN.md §2 envelope. */
    static void toEnvelope(Exchange exchange) {
        @SuppressWarnings("unchecked")
        Map<String, Object> row = exchange.getMessage().getBody(Map.class);
        var message = exchange.getMessage();
        message.getHeaders().clear();
        exchange.setPattern(ExchangePattern.InOnly);
        exchange.setProperty(DESTINATION, row.get("destination"));
        message.setHeader("messageId", String.valueOf(row.get("message_id")));
        message.setHeader("messageType", row.get("message_type"));
        message.setHeader("messageVersion", row.get("message_version"));
        message.setHeader("aggregateType", row.get("aggregate_type"));
        message.setHeader("aggregateId", row.get("aggregate_id"));
        message.setHeader("JMSXGroupID", row.get("aggregate_id"));
        message.setHeader("Content-Type", row.get("content_type"));
        setIfPresent(message, "JMSReplyTo", row.get("reply_to"));
        setIfPresent(message, "JMSCorrelationID", row.get("correlation_id"));
        setIfPresent(message, "sagaId", row.get("saga_id"));
        setIfPresent(message, "traceparent", row.get("trace_parent"));
        if (row.get("aggregate_sequence") != null) {
            message.setHeader(Envelope.AGGREGATE_SEQUENCE, ((Number) row.get("aggregate_sequence")).longValue());
            message.setHeader(Envelope.AGGREGATE_SEQUENCE_SOURCE, row.get("sequence_source"));
        }
        // a binary payload (stored as base64) goes out as its bytes: camel-jms sends a byte[] as a BytesMessage
        message.setBody(OutboxMessage.wireBody((String) row.get("content_type"), (String) row.get("payload")));
    }

    private static void setIfPresent(org.apache.camel.Message message, String header, Object value) {
        if (value != null) {
            message.setHeader(header, value);
        }
    }

    /**
     * The claimed ids as one PostgreSQL array literal, {@code {17,18,19}}: one bound parameter ({@code cast(? as
     * bigint[])}) for the statements of both relays instead of a list that binds each id on its own. Digits and commas
     * only: the ids are our own.
     */
    public static String ids(List<Map<String, Object>> rows) {
        StringBuilder array = new StringBuilder("{");
        for (Map<String, Object> row : rows) {
            array.append(array.length() > 1 ? "," : "").append(((Number) row.get("id")).longValue());
        }
        return array.append('}').toString();
    }
}
