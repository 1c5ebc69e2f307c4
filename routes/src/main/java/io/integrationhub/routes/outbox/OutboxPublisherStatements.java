package io.integrationhub.routes.outbox;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import javax.sql.DataSource;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The publisher route's two statements, on the lock holder's session ({@link OutboxRelay#leaderDataSource}): claim
 * the oldest claimable rows not sent yet, and — after the broker committed them, once the mark is due
 * ({@link SentRows}) — mark them published. Plain JdbcTemplate, one
 * prepared statement each (pgjdbc prepares it on the server once per session), the ids as one {@code bigint[]}
 * parameter.
 *
 * <p>Why not camel-sql here: on every call its producer rewrites the query's {@code :#name} parameters with regular
 * expressions, evaluates and type-converts each parameter, and asks the driver for the statement's parameter
 * metadata; for two statements per batch that was 37 % of the relay thread's CPU samples (benchmarks/README.md,
 * "Where the CPU goes"). The semantics are unchanged: the same SQL, the same session (autocommit, as before), the
 * same row maps (Spring's column map, as camel-sql builds them), the mark only after the batch route returned.
 *
 * <p>Which outbox an exchange belongs to comes from its route id (one publisher route per outbox, from one template).
 */
final class OutboxPublisherStatements {

    private final CamelContext camel;
    private final String relayInstance;
    private final Map<String, Outbox> byRoute = new ConcurrentHashMap<>();

    OutboxPublisherStatements(CamelContext camel, String relayInstance) {
        this.camel = camel;
        this.relayInstance = relayInstance;
    }

    void add(String schema) {
        byRoute.put(Outboxes.publisherRouteId(schema), new Outbox(schema));
    }

    /**
     * Body: the claimed rows in id order, at most header {@link OutboxRoutes#BATCH_SIZE} (0: none, only the mark),
     * leaving out the rows sent and not yet marked; property "claimed".
     */
    void claim(Exchange exchange) {
        Outbox outbox = outbox(exchange);
        int batchSize = exchange.getMessage().getHeader(OutboxRoutes.BATCH_SIZE, Integer.class);
        List<Map<String, Object>> rows = batchSize == 0 ? List.of()
                : outbox.jdbc().queryForList(outbox.claim, sentRows(exchange).ids(), batchSize);
        exchange.setProperty("claimed", rows.size());
        exchange.getMessage().setBody(rows);
    }

    /** After the batch route returned, i.e. the broker committed the claimed rows: they wait for their mark. */
    void sent(Exchange exchange) {
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> rows = exchange.getMessage().getBody(List.class);
        sentRows(exchange).add(rows, System.nanoTime());
    }

    /** Whether to mark the sent rows now: their mark is due, or header {@link OutboxRoutes#MARK_NOW} says so. */
    boolean marksDue(Exchange exchange) {
        SentRows sent = sentRows(exchange);
        return !sent.isEmpty() && (Boolean.TRUE.equals(exchange.getMessage().getHeader(OutboxRoutes.MARK_NOW))
                || sent.markDue(System.nanoTime()));
    }

    /**
     * Marks every sent row published, each at the time the broker committed it (the database's clock now, less the
     * time since that commit by this JVM's monotonic clock, so no wall clock of this instance enters it). Body: one
     * row per marked row with its {@link OutboxDeliveryLatency#DELIVERY_MS}.
     */
    void markPublished(Exchange exchange) {
        Outbox outbox = outbox(exchange);
        SentRows.Marks marks = sentRows(exchange).takeAll(System.nanoTime());
        exchange.getMessage().setBody(outbox.jdbc().queryForList(outbox.mark, relayInstance, marks.ids(),
                marks.agesMicros()));
    }

    private static SentRows sentRows(Exchange exchange) {
        SentRows sent = exchange.getMessage().getHeader(OutboxRoutes.SENT_ROWS, SentRows.class);
        if (sent == null) {
            throw new IllegalStateException("no " + OutboxRoutes.SENT_ROWS + " header: only OutboxRelay calls "
                    + exchange.getFromRouteId());
        }
        return sent;
    }

    private Outbox outbox(Exchange exchange) {
        Outbox outbox = byRoute.get(exchange.getFromRouteId());
        if (outbox == null) {
            throw new IllegalStateException("not an outbox publisher route: " + exchange.getFromRouteId());
        }
        return outbox;
    }

    private final class Outbox {
        private final String schema;
        private final String claim;
        private final String mark;
        private volatile JdbcTemplate jdbc;

        Outbox(String schema) {
            this.schema = Outboxes.checkedSchema(schema);
            this.claim = ("select " + OutboxRoutes.CLAIMED_COLUMNS + " from {{schema}}.outbox o where "
                    + OutboxRoutes.CLAIMABLE + OutboxRoutes.NOT_SENT + " order by id limit ?")
                    .replace("{{schema}}", schema);
            // published_at - created_at, both by the database's clock: the delivery latency of each row
            this.mark = (OutboxRoutes.MARK + " returning extract(epoch from o.published_at - o.created_at) * 1000 as "
                    + OutboxDeliveryLatency.DELIVERY_MS).replace("{{schema}}", schema);
        }

        /** Resolved on first use: the registry binding is made before the application starts (OutboxConfiguration). */
        JdbcTemplate jdbc() {
            JdbcTemplate template = jdbc;
            if (template == null) {
                String name = OutboxRoutes.LEADER_DATA_SOURCE.replace("{{schema}}", schema);
                DataSource leader = camel.getRegistry().lookupByNameAndType(name, DataSource.class);
                if (leader == null) {
                    throw new IllegalStateException("no " + name + " in the Camel registry");
                }
                jdbc = template = new JdbcTemplate(leader);
            }
            return template;
        }
    }
}
