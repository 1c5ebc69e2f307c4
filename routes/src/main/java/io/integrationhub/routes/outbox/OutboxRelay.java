package io.integrationhub.routes.outbox;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import javax.sql.DataSource;

import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.postgresql.PGConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.jdbc.datasource.DelegatingDataSource;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

import io.integrationhub.routes.db.SessionLocks;

/**
 * Decides when and where one outbox is relayed; the {@code outbox-publisher} route does the relaying.
 *
 * <p><b>One active relay per outbox</b>, whatever the number of instances: the relay that holds a session-level
 * PostgreSQL advisory lock publishes, the others stand by and retry every {@code standbyRetry}. One publisher reading
 * in id order keeps per-aggregate order (rows of one aggregate are written in id order because each transaction locks
 * the aggregate first). If the active process dies, PostgreSQL ends its session and frees the lock, and a standby takes
 * over within {@code standbyRetry}; rows it had sent but not marked are sent again (consumers skip them by messageId).
 *
 * <p><b>Low latency without polling hard</b>: the lock connection LISTENs on the outbox's channel, which a trigger
 * notifies at commit; the relay drains the outbox on every notification and at least every {@code pollInterval}.
 * Reading {@code where published_at is null} on every pass (never "after the last id seen") means a row committed
 * late with a lower id is never skipped. Rows sent are marked published together once their mark is due
 * ({@link SentRows}: a cycle is a claim and a broker commit, not also a database commit); until then the claim leaves
 * them out.
 *
 * <p>Why hand-written: Camel's cluster services (camel-master) have no PostgreSQL backend, and camel-pgevent needs a
 * second JDBC driver (pgjdbc-ng) for LISTEN alone; an advisory lock plus LISTEN on one connection is a few lines.
 */
public class OutboxRelay implements Runnable {

    private static final Logger log = LoggerFactory.getLogger(OutboxRelay.class);

    private final String schema;
    /** Unpooled: closing the connection must end the session, which is what frees the advisory lock. */
    private final DataSource lockDataSource;
    private final ObjectProvider<CamelContext> camelProvider;
    private volatile CamelContext camel;
    private final OutboxProperties properties;
    private final AtomicBoolean running = new AtomicBoolean();
    private final AtomicBoolean active = new AtomicBoolean();
    private final AtomicLong published = new AtomicLong();
    /** Rows this instance found refused for good and held. */
    private final AtomicLong held = new AtomicLong();
    private final OutboxLag lag;
    private final OutboxHeldRows heldRows;
    private volatile Connection lockConnection;
    /** Where the publisher route claims and marks rows: the lock holder's own session, or nothing. */
    private final DelegatingDataSource leaderConnection = new DelegatingDataSource(NOT_LEADER);
    private static final DataSource NOT_LEADER = new org.springframework.jdbc.datasource.AbstractDataSource() {
        @Override
        public Connection getConnection() throws SQLException {
            throw new SQLException("this instance does not hold the outbox relay lock");
        }

        @Override
        public Connection getConnection(String username, String password) throws SQLException {
            return getConnection();
        }
    };
    private volatile Thread thread;
    /** The log-tailing relay that runs while this instance holds the lock, or null for the polling publisher. */
    private final OutboxLogTailing logTailing;
    /** Sent by this relay in its current term as the active one, not yet marked. */
    private final SentRows sent;
    /** The application's pool: wakes the relay's listening session when it is to stop. */
    private final org.springframework.jdbc.core.JdbcTemplate notifier;

    /**
     * @param dataSource     the application's pool (lag queries)
     * @param lockDataSource unpooled connections to the same database, for the lock-holding session
     */
    public OutboxRelay(String schema, DataSource dataSource, DataSource lockDataSource,
            ObjectProvider<CamelContext> camel, OutboxProperties properties) {
        this(schema, dataSource, lockDataSource, camel, properties, null);
    }

    /** @param logTailing the Debezium relay to run while active instead of polling, or null */
    OutboxRelay(String schema, DataSource dataSource, DataSource lockDataSource,
            ObjectProvider<CamelContext> camel, OutboxProperties properties, OutboxLogTailing logTailing) {
        this.logTailing = logTailing;
        this.schema = Outboxes.checkedSchema(schema);
        this.lockDataSource = lockDataSource;
        this.camelProvider = camel;
        var jdbc = new org.springframework.jdbc.core.JdbcTemplate(dataSource);
        this.notifier = jdbc;
        this.lag = new OutboxLag(jdbc, schema);
        this.heldRows = new OutboxHeldRows(jdbc, schema);
        this.properties = properties;
        this.sent = new SentRows(properties.getMarkDelay(), properties.getBatchSize());
    }

    public void start() {
        if (running.compareAndSet(false, true)) {
            thread = new Thread(this, "outbox-relay-" + schema);
            thread.setDaemon(true);
            thread.start();
        }
    }

    /**
     * Stops after the batch in flight. Closing the (unpooled) lock connection ends the session, which frees the
     * advisory lock for a standby at once and wakes the relay thread if it is waiting for a notification.
     */
    public void stop() {
        running.set(false);
        Thread t = thread;
        if (t != null && active.get() && logTailing == null) {
            // woken by a notification, the active polling relay marks what it sent and lets go of the lock itself,
            // so the next active relay does not send those rows again; closing its session below is the fallback
            wake();
            join(t, Duration.ofSeconds(2));
        }
        SessionLocks.release(lockConnection);
        if (t != null) {
            join(t, Duration.ofSeconds(30));
        }
    }

    private void wake() {
        try {
            notifier.queryForObject("select pg_notify(?, 'stop')", Object.class, Outboxes.notifyChannel(schema));
        } catch (RuntimeException e) {
            log.debug("Outbox relay {}: could not wake the relay to stop ({})", schema, rootMessage(e));
        }
    }

    private static void join(Thread thread, Duration atMost) {
        try {
            thread.join(atMost.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * The publisher route reads and marks rows only through this: the session that holds the advisory lock. If that
     * session dies (process killed, network cut), a relay that has not noticed yet can no longer claim or mark
     * anything while a standby takes over; at most the batch already on the broker is sent twice.
     */
    public DataSource leaderDataSource() {
        return leaderConnection;
    }

    public boolean isActive() {
        return active.get();
    }

    public OutboxLag lag() {
        return lag;
    }

    public OutboxHeldRows heldRows() {
        return heldRows;
    }

    public long publishedCount() {
        return published.get() + (logTailing == null ? 0 : logTailing.relayedCount());
    }

    public long heldCount() {
        return held.get() + (logTailing == null ? 0 : logTailing.heldCount());
    }

    public String schema() {
        return schema;
    }

    /** The log-tailing relay of this outbox, or null when it is relayed by polling. */
    public OutboxLogTailing logTailing() {
        return logTailing;
    }

    @Override
    public void run() {
        awaitCamelStarted();
        while (running.get()) {
            try (Connection connection = lockDataSource.getConnection()) {
                lockConnection = connection;
                connection.setAutoCommit(true);
                if (!SessionLocks.tryLock(connection, Outboxes.leaderLockKey(schema))) {
                    sleep(properties.getStandbyRetry());
                    continue;
                }
                leaderConnection.setTargetDataSource(new SingleConnectionDataSource(connection, true));
                active.set(true);
                log.info("Outbox relay {}: active (advisory lock held; {}); standby instances wait", schema,
                        logTailing == null ? "polling" : "log tailing");
                if (logTailing != null) {
                    try {
                        logTailing.tailWhileActive(camel, connection, leaderConnection, running::get);
                    } catch (RuntimeException e) {
                        // e.g. the publication cannot be created (no privilege): give the lock up, try again later
                        log.warn("Outbox relay {}: log tailing failed ({}); retrying", schema, rootMessage(e));
                        sleep(properties.getStandbyRetry());
                    }
                    continue;
                }
                try (Statement listen = connection.createStatement()) {
                    listen.execute("LISTEN " + Outboxes.notifyChannel(schema));
                }
                relayWhileActive(connection);
            } catch (SQLException e) {
                if (running.get()) {
                    log.warn("Outbox relay {}: database connection lost ({}); retrying", schema, e.getMessage());
                    sleep(properties.getStandbyRetry());
                }
            } finally {
                // rows sent and not marked in this term: the next active relay, maybe this one, sends them again
                sent.clear();
                leaderConnection.setTargetDataSource(NOT_LEADER);
                if (active.getAndSet(false)) {
                    log.info("Outbox relay {}: no longer active", schema);
                }
                lockConnection = null;
            }
        }
    }

    private void relayWhileActive(Connection connection) throws SQLException {
        PGConnection notifications = connection.unwrap(PGConnection.class);
        ProducerTemplate producer = camel.createProducerTemplate();
        try {
            Duration backoff = Duration.ofMillis(100);
            while (running.get()) {
                try {
                    drain(producer);
                    backoff = Duration.ofMillis(100);
                } catch (RuntimeException e) {
                    if (!running.get()) {
                        return;
                    }
                    if (!connection.isValid(2)) {
                        // the lock session is gone, and with it the lock: step down, then compete again
                        throw new SQLException("the session holding the relay lock ended", e);
                    }
                    if (refusedForGood(e)) {
                        // a row the broker will never take must not stop every row behind it: find it, hold it
                        holdRefusedRow(producer, connection);
                        continue;
                    }
                    // the rows stay in the outbox; nothing is marked until the broker took the batch
                    log.warn("Outbox relay {}: broker did not take the batch ({}); retrying in {} ms", schema,
                            rootMessage(e), backoff.toMillis());
                    sleep(backoff);
                    backoff = min(backoff.multipliedBy(2), properties.getMaxBackoff());
                    continue;
                }
                // blocks until a commit notifies, the sent rows' mark is due or the safety-net interval passes;
                // throws if the session is gone
                Duration wait = sent.untilMarkDue(System.nanoTime(), properties.getPollInterval());
                notifications.getNotifications((int) Math.max(1, wait.toMillis()));
            }
            markSent(producer);
        } finally {
            try {
                producer.stop();
            } catch (Exception ignored) {
                // nothing to release
            }
        }
    }

    /** Publishes batches until the outbox has no committed unpublished row left. */
    private void drain(ProducerTemplate producer) {
        int limit;
        int claimed;
        do {
            limit = sent.claimLimit();
            claimed = publish(producer, limit);
        } while (claimed >= limit && running.get());
    }

    private int publish(ProducerTemplate producer, int batchSize) {
        int claimed = callPublisher(producer, batchSize, false);
        published.addAndGet(claimed);
        return claimed;
    }

    /** One call of the publisher route: claims up to {@code batchSize} rows, sends them, marks what is due. */
    private int callPublisher(ProducerTemplate producer, int batchSize, boolean markNow) {
        return producer.requestBodyAndHeaders("direct:" + Outboxes.publisherRouteId(schema), null, Map.of(
                OutboxRoutes.BATCH_SIZE, batchSize, OutboxRoutes.SENT_ROWS, sent, OutboxRoutes.MARK_NOW, markNow),
                Integer.class);
    }

    /** Stopping: marks the rows sent and not marked yet, so whoever relays next does not send them again. */
    private void markSent(ProducerTemplate producer) {
        if (sent.isEmpty()) {
            return;
        }
        try {
            callPublisher(producer, 0, true);
        } catch (RuntimeException e) {
            log.warn("Outbox relay {}: could not mark {} sent row(s) before stopping ({}); the next relay sends them "
                    + "again", schema, sent.count(), rootMessage(e));
        }
    }

    /**
     * The broker refused a batch for a reason no retry changes. Rows are sent one at a time until one is refused
     * alone: that row is held — marked with the broker's reason, logged once, counted — and later rows of its
     * aggregate wait behind it ({@link OutboxRoutes#CLAIMABLE}); the rows before it went out, the rest follow in
     * full batches. A transient failure on the way ends the search; the normal backoff takes over.
     */
    private void holdRefusedRow(ProducerTemplate producer, Connection connection) throws SQLException {
        while (running.get()) {
            try {
                if (publish(producer, 1) == 0) {
                    return;
                }
            } catch (RuntimeException e) {
                if (refusedForGood(e)) {
                    hold(connection, rootMessage(e));
                }
                return;
            }
        }
    }

    /** Marks the next claimable row not sent (the one just refused alone: this session is the only relay) as held. */
    private void hold(Connection connection, String reason) throws SQLException {
        String claimable = OutboxRoutes.CLAIMABLE.replace("{{schema}}", schema);
        try (PreparedStatement mark = connection.prepareStatement("update " + schema + ".outbox set failed_at = "
                + "clock_timestamp(), failure = ? where id = (select id from " + schema + ".outbox o where "
                + claimable + OutboxRoutes.NOT_SENT + " order by id limit 1) "
                + "returning id, message_type, destination, aggregate_id")) {
            mark.setString(1, reason.length() > 500 ? reason.substring(0, 500) : reason);
            mark.setString(2, sent.ids());
            try (ResultSet held = mark.executeQuery()) {
                if (held.next()) {
                    this.held.incrementAndGet();
                    OutboxHeldRows.logHeld(log, schema, held.getLong(1), held.getString(2), held.getString(3),
                            held.getString(4), reason);
                }
            }
        }
    }

    /**
     * Whether the broker refused for a reason of the row itself: the service may not send to its destination
     * (Artemis AMQ229032, a permission on an address), or the address does not exist and may not be created. Anything
     * else is retried with backoff and never holds a row — a broker down, a timeout, and above all a failed login
     * (AMQ229031, a wrong or rotated password: a security exception too, but one that every row would get).
     */
    static boolean refusedForGood(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof jakarta.jms.InvalidDestinationException
                    || t instanceof org.apache.activemq.artemis.api.core.ActiveMQAddressDoesNotExistException
                    || t instanceof org.apache.activemq.artemis.api.core.ActiveMQNonExistentQueueException) {
                return true;
            }
            if ((t instanceof jakarta.jms.JMSSecurityException
                    || t instanceof org.apache.activemq.artemis.api.core.ActiveMQSecurityException)
                    && t.getMessage() != null && t.getMessage().contains(NO_PERMISSION)) {
                return true;
            }
        }
        return false;
    }

    /** Artemis's message id for "user … does not have permission='…' on address …" (stable across versions). */
    static final String NO_PERMISSION = "AMQ229032";

    private void awaitCamelStarted() {
        camel = camelProvider.getObject();
        while (running.get() && !camel.isStarted()) {
            sleep(Duration.ofMillis(100));
        }
    }

    private void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running.set(false);
        }
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    static String rootMessage(Throwable t) {
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + ": " + root.getMessage();
    }
}
