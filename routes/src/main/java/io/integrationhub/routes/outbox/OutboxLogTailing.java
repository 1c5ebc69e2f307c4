package io.integrationhub.routes.outbox;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;

import javax.sql.DataSource;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.debezium.DebeziumConstants;
import org.apache.camel.component.debezium.postgres.DebeziumPostgresComponent;
import org.apache.camel.component.debezium.postgres.configuration.PostgresConnectorEmbeddedDebeziumConfiguration;
import org.apache.camel.spi.ExceptionHandler;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The transaction-log-tailing relay of one outbox ({@code hub.outbox.relay: log-tailing}): Debezium embedded
 * ({@code camel-debezium-postgres}) reads the outbox's inserts from PostgreSQL's logical replication — plugin pgoutput,
 * a publication of this one table limited to inserts, a replication slot of its own — in commit order. Each batch of
 * change events Debezium polls (at most {@code hub.outbox.batch-size}) goes to the broker in one JMS transaction
 * through the same {@code outbox-send-batch-<component>} route as the polling relay's batches (the same row → message
 * mapping, {@link OutboxRoutes#toEnvelope}), then its rows are marked published with one statement, so cleanup, lag
 * and the delivery-latency histogram work unchanged.
 *
 * <p>Leadership is {@link OutboxRelay}'s: only the holder of the outbox's advisory lock runs the Debezium route (the
 * slot admits one reader anyway). Guarantees:
 * <ul>
 * <li><b>Nothing lost</b>: Debezium's offsets live in PostgreSQL ({@code JdbcOffsetBackingStore}, table
 * {@code hub_outbox_offsets_<schema>}), and the slot keeps the WAL from the last confirmed position. The batch's
 * records are marked processed only after the route returned, i.e. after the broker committed the batch
 * ({@link DebeziumBatchEndpoint}); a send the broker does not take is retried with backoff (rows wait, as with the
 * polling relay); when the relay stops meanwhile, the exception handler throws and Debezium marks nothing of that
 * batch; the next leader resumes from the stored offset.</li>
 * <li><b>At-least-once</b>: a crash after a batch's broker commit and before the offset flush
 * ({@code offset-flush-interval}) sends those rows again; consumers skip them by messageId.</li>
 * <li><b>Held rows</b>, as with polling: a row the broker refuses for good ({@link OutboxRelay#refusedForGood}) is
 * held ({@code failed_at}, {@code failure}, one ERROR line, counted) instead of stopping the stream. The stream has
 * passed the later rows of its aggregate when the row is released, so they are marked as waiting ({@code failure}
 * set, {@code failed_at} not) and the relay itself sends the released row and the rows that waited behind it, in id
 * order, when a release notifies it ({@link #catchUp}); rows the stream has not reached are never marked, so they are
 * not sent twice.</li>
 * <li><b>Rows committed before the slot existed</b> (switching from polling with a backlog): the first start (and any
 * start whose offset the slot no longer has) snapshots the unpublished rows in id order first
 * ({@code snapshot.mode=when_needed}).</li>
 * </ul>
 */
public final class OutboxLogTailing {

    private static final Logger log = LoggerFactory.getLogger(OutboxLogTailing.class);

    /**
     * A slot without reader and no event for this long while this instance tails: the Debezium engine has died (Camel's
     * consumer only logs that), so the relay restarts it.
     */
    private static final Duration ENGINE_DEAD_AFTER = Duration.ofSeconds(30);

    private final String schema;
    private final String jmsComponent;
    private final String database;
    private final OutboxProperties properties;
    private final DatabaseAddress address;
    private final OutboxDeliveryLatency deliveryLatency;
    private final AtomicLong relayed = new AtomicLong();
    private final OutboxSlotLag slotLag;
    /** True while this instance is the active relay and the route may send. */
    private volatile boolean tailing;
    /** Set when the exception handler stopped Debezium's processing: the route must be restarted. */
    private volatile boolean halted;
    /** When Debezium last handed over an event (a row or a heartbeat): a long snapshot is alive, not dead. */
    private volatile long lastEventNanos = System.nanoTime();
    private volatile JdbcTemplate leader;
    private volatile ProducerTemplate producer;
    /** The relay's own "keep going" ({@link OutboxRelay} is running), checked by every retry loop. */
    private volatile BooleanSupplier running = () -> false;
    /** Rows this instance found refused for good and held. */
    private final AtomicLong held = new AtomicLong();
    /** The stream (Debezium's thread) and the catch-up of released rows (the relay's thread) send one at a time. */
    private final Object sending = new Object();

    /** Where Debezium connects: the application's database, parsed from its JDBC URL. */
    public record DatabaseAddress(String host, int port, String database, String user, String password,
            String jdbcUrl) {

        static DatabaseAddress of(String jdbcUrl, String user, String password) {
            var matcher = java.util.regex.Pattern.compile("jdbc:postgresql://([^:/?]+)(?::(\\d+))?/([^?]+).*")
                    .matcher(jdbcUrl);
            if (!matcher.matches()) {
                throw new IllegalArgumentException("the log-tailing relay needs a jdbc:postgresql://host:port/db URL");
            }
            return new DatabaseAddress(matcher.group(1), matcher.group(2) == null ? 5432 : Integer.parseInt(
                    matcher.group(2)), matcher.group(3), user, password == null ? "" : password, jdbcUrl);
        }
    }

    OutboxLogTailing(String schema, String jmsComponent, DatabaseAddress address, JdbcTemplate jdbc,
            OutboxProperties properties, OutboxDeliveryLatency deliveryLatency) {
        this.schema = Outboxes.checkedSchema(schema);
        this.jmsComponent = jmsComponent;
        this.address = address;
        this.database = address.database();
        this.properties = properties;
        this.deliveryLatency = deliveryLatency;
        this.slotLag = new OutboxSlotLag(jdbc, slotName());
    }

    /**
     * Slot names are cluster-wide while slots belong to one database: the name carries both, so services (and test
     * databases) on one server never share a slot.
     */
    public String slotName() {
        String name = ("hub_" + database + "_" + schema).toLowerCase().replaceAll("[^a-z0-9_]", "_");
        return name.length() <= 63 ? name : name.substring(0, 63);
    }

    public String publicationName() {
        return "hub_outbox_" + schema;
    }

    /** Debezium's offsets of this outbox ({@code JdbcOffsetBackingStore}). */
    public String offsetsTable() {
        return "hub_outbox_offsets_" + schema;
    }

    public String routeId() {
        return "outbox-log-tailing-" + schema;
    }

    String schema() {
        return schema;
    }

    public OutboxSlotLag slotLag() {
        return slotLag;
    }

    long relayedCount() {
        return relayed.get();
    }

    long heldCount() {
        return held.get();
    }

    /** The Debezium route of this outbox; started and stopped by the relay as it gains and loses the lock. */
    void configure(RouteBuilder routes) {
        CamelContext camel = routes.getCamelContext();
        var component = camel.getComponent("debezium-postgres", DebeziumPostgresComponent.class);
        var endpoint = new DebeziumBatchEndpoint("debezium-postgres:" + routeId(), component, debezium());
        endpoint.setExceptionHandler(new HaltDebezium());
        routes.from(endpoint).routeId(routeId()).autoStartup(false)
                .description("Relays the inserts of the " + schema + " outbox from the transaction log to the broker, "
                        + "one broker transaction per batch of change events")
                .errorHandler(routes.noErrorHandler())
                .process(this::relay).id("relay-inserted-rows-" + schema);
    }

    private PostgresConnectorEmbeddedDebeziumConfiguration debezium() {
        var c = new PostgresConnectorEmbeddedDebeziumConfiguration();
        OutboxProperties.LogTailing tuning = properties.getLogTailing();
        c.setName("hub-outbox-" + schema); // the key of the stored offsets
        c.setDatabaseHostname(address.host());
        c.setDatabasePort(address.port());
        c.setDatabaseDbname(address.database());
        c.setDatabaseUser(address.user());
        c.setDatabasePassword(address.password());
        c.setTopicPrefix("hub_" + schema);
        c.setPluginName("pgoutput");
        c.setSlotName(slotName());
        c.setPublicationName(publicationName());
        // created by the relay (publish = 'insert' only): Debezium's own would also stream our updates and deletes
        c.setPublicationAutocreateMode("disabled");
        c.setTableIncludeList(schema + "\\.outbox");
        c.setSnapshotMode("when_needed");
        c.setSnapshotSelectStatementOverrides(schema + ".outbox");
        c.setHeartbeatIntervalMs((int) tuning.getHeartbeatInterval().toMillis());
        // a fail-over waits for the old reader's walsender to let go of the slot
        c.setSlotMaxRetries(120);
        // Debezium's queue is drained this often: its default (500 ms) would be most of the relay's latency
        c.setPollIntervalMs(25);
        // one Debezium batch = one broker transaction, the polling relay's batch size; a poll takes what the queue
        // holds, so at low load a batch is one row and waits for nothing
        c.setMaxBatchSize(properties.getBatchSize());
        c.setOffsetStorage(tuning.getOffsetStore());
        c.setOffsetFlushIntervalMs(tuning.getOffsetFlushInterval().toMillis());
        c.setAdditionalProperties(Map.of(
                "slot.retry.delay.ms", "1000",
                "snapshot.select.statement.overrides." + schema + ".outbox",
                "select * from " + schema + ".outbox where published_at is null order by id",
                "offset.storage.jdbc.connection.url", address.jdbcUrl(),
                "offset.storage.jdbc.connection.user", address.user(),
                // the store refuses an empty password; with trust authentication (a developer's server) none is asked
                "offset.storage.jdbc.connection.password", address.password().isEmpty() ? "-" : address.password(),
                // one table per outbox: the store rewrites its whole table on every flush. Unqualified (the login's
                // schema): the store looks for its table by a bare name and would try to create a qualified one again
                "offset.storage.jdbc.table.name", offsetsTable()));
        return c;
    }

    /**
     * Runs the Debezium route while this instance holds the relay lock; returns when {@code running} turns false,
     * throws when the lock session is gone. Called on the relay's thread.
     */
    void tailWhileActive(CamelContext camel, Connection lockSession, DataSource leaderDataSource,
            BooleanSupplier running) throws SQLException {
        createPublication(lockSession);
        try (Statement listen = lockSession.createStatement()) {
            // OutboxHeldRows#release notifies here (payload RELEASED); inserts' notifications are drained unread
            listen.execute("LISTEN " + Outboxes.notifyChannel(schema));
        }
        PGConnection notifications = lockSession.unwrap(PGConnection.class);
        this.running = running;
        leader = new JdbcTemplate(leaderDataSource);
        producer = camel.createProducerTemplate();
        startRoute(camel);
        // rows released while no relay listened (a fail-over, a restart) are sent now
        boolean catchUpDue = true;
        long inactiveSince = 0;
        try {
            while (running.getAsBoolean()) {
                if (catchUpDue) {
                    catchUpDue = !catchUpQuietly();
                }
                pause(Duration.ofMillis(500));
                if (!lockSession.isValid(2)) {
                    throw new SQLException("the session holding the relay lock ended");
                }
                catchUpDue |= released(notifications.getNotifications());
                boolean slotActive = slotLag.read().active();
                inactiveSince = slotActive ? 0 : inactiveSince == 0 ? System.nanoTime() : inactiveSince;
                long now = System.nanoTime();
                boolean engineDead = inactiveSince != 0 && now - inactiveSince > ENGINE_DEAD_AFTER.toNanos()
                        && now - lastEventNanos > ENGINE_DEAD_AFTER.toNanos();
                if ((halted || engineDead) && running.getAsBoolean()) {
                    log.warn("Outbox relay {}: Debezium stopped ({}); restarting it from the stored offset", schema,
                            halted ? "a batch could not be relayed" : "no reader of its slot and no event for 30 s");
                    stopRoute(camel);
                    pause(properties.getStandbyRetry());
                    inactiveSince = 0;
                    startRoute(camel);
                }
            }
        } finally {
            tailing = false;
            stopRoute(camel);
            try {
                producer.stop();
            } catch (Exception ignored) {
                // nothing to release
            }
        }
    }

    private void startRoute(CamelContext camel) {
        lastEventNanos = System.nanoTime();
        halted = false;
        tailing = true;
        try {
            camel.getRouteController().startRoute(routeId());
        } catch (Exception e) {
            throw new IllegalStateException("could not start " + routeId(), e);
        }
    }

    private void stopRoute(CamelContext camel) {
        tailing = false;
        try {
            camel.getRouteController().stopRoute(routeId(), 30, TimeUnit.SECONDS);
        } catch (Exception e) {
            log.warn("Outbox relay {}: stopping {} failed: {}", schema, routeId(), e.getMessage());
        }
    }

    /** Idempotent: the publication of this outbox's inserts, created by the first relay that needs it. */
    private void createPublication(Connection session) throws SQLException {
        try (PreparedStatement exists = session.prepareStatement("select 1 from pg_publication where pubname = ?")) {
            exists.setString(1, publicationName());
            try (ResultSet rs = exists.executeQuery()) {
                if (rs.next()) {
                    return;
                }
            }
        }
        try (Statement create = session.createStatement()) {
            create.execute("create publication " + publicationName() + " for table " + schema
                    + ".outbox with (publish = 'insert')");
            log.info("Outbox relay {}: created publication {} (inserts of {}.outbox)", schema, publicationName(),
                    schema);
        } catch (SQLException e) {
            if (!"42710".equals(e.getSQLState())) { // duplicate_object: another instance was quicker
                throw e;
            }
        }
    }

    /** One batch of change events: the inserted outbox rows (or snapshot rows not yet published) go to the broker. */
    private void relay(Exchange exchange) {
        if (halted || !tailing) {
            throw new RelayStopped(); // nothing after a failed batch may be marked processed
        }
        lastEventNanos = System.nanoTime();
        String outboxTopic = "hub_" + schema + "." + schema + ".outbox";
        List<Map<String, Object>> rows = new ArrayList<>();
        for (Object each : exchange.getMessage().getBody(List.class)) {
            Message event = (Message) each;
            if (!outboxTopic.equals(event.getHeader(DebeziumConstants.HEADER_IDENTIFIER, String.class))) {
                continue; // a heartbeat
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> change = event.getBody(Map.class);
            // a snapshot reads rows as they are now: published or held ones are not the stream's to send
            if (change == null || change.get("published_at") != null || change.get("failed_at") != null) {
                continue;
            }
            // the polling relay's claim query adds the sequence source (the outbox's schema) to each row; so does this
            Map<String, Object> row = new HashMap<>(change);
            row.put("sequence_source", schema);
            rows.add(row);
        }
        if (rows.isEmpty()) {
            return;
        }
        synchronized (sending) {
            if (deliver(rows)) {
                // what they wait behind may have been released a moment ago, its notification already handled
                catchUp();
            }
        }
    }

    /**
     * Sends rows in id order, one broker transaction for all of them unless the broker refuses one for good. A row with
     * an earlier row of its aggregate still held, or waiting, is marked as waiting instead; so is every later row of
     * the aggregate of a row held here. Returns whether any row was marked waiting.
     */
    private boolean deliver(List<Map<String, Object>> rows) {
        Set<Long> behind = new HashSet<>(leader.queryForList("select o.id from " + schema + ".outbox o where o.id = "
                + "any(cast(? as bigint[])) and exists (select 1 from " + schema + ".outbox h where h.aggregate_id = "
                + "o.aggregate_id and h.id < o.id and h.failure is not null and h.published_at is null and not h.id = "
                + "any(cast(? as bigint[])))", Long.class, OutboxRoutes.ids(rows), OutboxRoutes.ids(rows)));
        List<Map<String, Object>> sendable = rows.stream().filter(row -> !behind.contains(id(row))).toList();
        markWaiting(rows.stream().filter(row -> behind.contains(id(row))).toList());
        if (sendable.isEmpty() || send(sendable) == null) {
            return !behind.isEmpty();
        }
        // the broker refused one of them for good: one at a time, to find it, hold it, and let the others through
        Set<String> heldAggregates = new HashSet<>();
        List<Map<String, Object>> waiting = new ArrayList<>();
        for (Map<String, Object> row : sendable) {
            String aggregate = String.valueOf(row.get("aggregate_id"));
            if (heldAggregates.contains(aggregate)) {
                waiting.add(row);
            } else {
                String refused = send(List.of(row));
                if (refused != null) {
                    hold(row, refused);
                    heldAggregates.add(aggregate);
                }
            }
        }
        markWaiting(waiting);
        return !behind.isEmpty() || !waiting.isEmpty();
    }

    /**
     * Sends released rows and the rows that waited behind them (marked: {@code failure} set, {@code failed_at} not),
     * oldest first, until none is claimable (those behind a row held again stay). Only marked rows: the stream sends
     * the others.
     */
    private void catchUp() {
        List<Map<String, Object>> rows;
        do {
            rows = leader.queryForList(("select " + OutboxRoutes.CLAIMED_COLUMNS + " from {{schema}}.outbox o where "
                    + "o.failure is not null and " + OutboxRoutes.CLAIMABLE + " order by id limit ?")
                    .replace("{{schema}}", schema), properties.getBatchSize());
            if (!rows.isEmpty()) {
                deliver(rows);
            }
        } while (rows.size() >= properties.getBatchSize() && active());
    }

    /** On the relay's thread: false when it must be tried again (e.g. the broker is down and the relay stops). */
    private boolean catchUpQuietly() {
        try {
            synchronized (sending) {
                catchUp();
            }
            return true;
        } catch (RuntimeException e) {
            if (active()) {
                log.warn("Outbox relay {}: sending released rows failed ({}); trying again", schema,
                        OutboxRelay.rootMessage(e));
            }
            return false;
        }
    }

    private static boolean released(PGNotification[] received) {
        return received != null && Arrays.stream(received).anyMatch(n -> OutboxHeldRows.RELEASED.equals(
                n.getParameter()));
    }

    /**
     * One broker transaction for the rows, then one statement marks them published; retried with backoff while the
     * broker does not take them. Null when sent, the broker's reason when it refuses them for good.
     */
    private String send(List<Map<String, Object>> rows) {
        Duration backoff = Duration.ofMillis(100);
        while (true) {
            if (!active()) {
                throw new RelayStopped();
            }
            try {
                producer.sendBody(OutboxRoutes.SEND_BATCH + jmsComponent, rows);
            } catch (RuntimeException e) {
                if (!active()) {
                    throw new RelayStopped();
                }
                if (OutboxRelay.refusedForGood(e)) {
                    return OutboxRelay.rootMessage(e);
                }
                log.warn("Outbox relay {}: broker did not take {} row(s) from id {} ({}); retrying in {} ms", schema,
                        rows.size(), rows.get(0).get("id"), OutboxRelay.rootMessage(e), backoff.toMillis());
                pause(backoff);
                backoff = backoff.multipliedBy(2).compareTo(properties.getMaxBackoff()) <= 0
                        ? backoff.multipliedBy(2) : properties.getMaxBackoff();
                continue;
            }
            markPublished(rows);
            relayed.addAndGet(rows.size());
            return null;
        }
    }

    private boolean active() {
        return tailing && running.getAsBoolean();
    }

    /** Through the lock holder's session: a relay that lost the lock cannot mark anything. */
    private void markPublished(List<Map<String, Object>> rows) {
        List<Map<String, Object>> marked = leader.queryForList("update " + schema + ".outbox set published_at = "
                + "clock_timestamp(), published_by = ? where id = any(cast(? as bigint[])) and published_at is null "
                + "returning extract(epoch from published_at - created_at) * 1000 as "
                + OutboxDeliveryLatency.DELIVERY_MS, properties.getRelayInstance(), OutboxRoutes.ids(rows));
        deliveryLatency.record(schema, marked);
    }

    /** Refused for good: held, as the polling relay holds it (OutboxRelay#hold). */
    private void hold(Map<String, Object> row, String refusal) {
        String reason = refusal.length() > 500 ? refusal.substring(0, 500) : refusal;
        if (leader.update("update " + schema + ".outbox set failed_at = clock_timestamp(), failure = ? where id = ? "
                + "and published_at is null", reason, id(row)) == 1) {
            held.incrementAndGet();
            OutboxHeldRows.logHeld(log, schema, id(row), row.get("message_type"), row.get("destination"),
                    row.get("aggregate_id"), reason);
        }
    }

    /** Rows the stream passes while an earlier row of their aggregate is held (or released and not yet sent). */
    private void markWaiting(List<Map<String, Object>> rows) {
        if (!rows.isEmpty()) {
            leader.update("update " + schema + ".outbox set failure = ? where id = any(cast(? as bigint[])) and "
                    + "failure is null and published_at is null", WAITING, OutboxRoutes.ids(rows));
        }
    }

    /** The mark of a row that waits behind an earlier held row of its aggregate (failed_at stays null). */
    static final String WAITING = "waits behind an earlier held row of its aggregate";

    private static long id(Map<String, Object> row) {
        return ((Number) row.get("id")).longValue();
    }

    /** Drops this outbox's slot (tests, and operators retiring the relay): a slot nobody reads retains WAL forever. */
    void dropSlot(JdbcTemplate jdbc) {
        jdbc.queryForList("select pg_terminate_backend(active_pid) from pg_replication_slots where slot_name = ? "
                + "and active_pid is not null", slotName());
        for (int attempt = 0; attempt < 50; attempt++) {
            try {
                jdbc.queryForList("select pg_drop_replication_slot(slot_name) from pg_replication_slots where "
                        + "slot_name = ?", slotName());
                return;
            } catch (RuntimeException stillActive) {
                pause(Duration.ofMillis(100)); // the terminated walsender is still letting go
            }
        }
        log.warn("Outbox relay {}: could not drop replication slot {}", schema, slotName());
    }

    private void pause(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            tailing = false;
        }
    }

    /** The relay stopped while rows were waiting for the broker: Debezium must not count them as processed. */
    static final class RelayStopped extends RuntimeException {
        RelayStopped() {
            super("the outbox relay stopped before the rows reached the broker", null, false, false);
        }
    }

    /**
     * The batch consumer hands a failed batch to this handler. Throwing here stops Debezium without marking the batch
     * processed: no offset is committed for it; the relay restarts the route (sticky flag: every later batch fails
     * too until then).
     */
    private final class HaltDebezium implements ExceptionHandler {
        @Override
        public void handleException(Throwable exception) {
            handleException(null, null, exception);
        }

        @Override
        public void handleException(String message, Throwable exception) {
            handleException(message, null, exception);
        }

        @Override
        public void handleException(String message, Exchange exchange, Throwable exception) {
            halted = true;
            if (!(exception instanceof RelayStopped)) {
                log.warn("Outbox relay {}: a change event failed ({}); Debezium stops and resumes from its offset",
                        schema, exception == null ? message : exception.getMessage());
            }
            throw exception instanceof RelayStopped stopped ? stopped : new RelayStopped();
        }
    }
}
