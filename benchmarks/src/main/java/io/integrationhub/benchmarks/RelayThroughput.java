package io.integrationhub.benchmarks;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

import jakarta.jms.DeliveryMode;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;

import io.integrationhub.routes.outbox.OutboxRelay;
import io.integrationhub.routes.outbox.OutboxRoutes;
import io.integrationhub.routes.outbox.SentRows;

/**
 * Phase 1: a backlog of N committed outbox rows, written while no relay runs, drained by the relay (time from relay
 * start until the backlog is 0), versus a raw transacted JMS send loop of N messages of the same size and envelope,
 * {@code hub.outbox.batch-size} messages per commit, persistent, on the same broker and queue, and versus a minimal
 * relay (plain JDBC + JMS, one thread) draining the same backlog: the floor the relay's design imposes.
 */
final class RelayThroughput {

    static final String QUEUE = "bench.relay";

    record Result(int rows, long relayNanos, long rawNanos, long relayStopNanos, String relayMessage,
            String rawMessage, BrokerSendAudit.Counts relaySends, BrokerSendAudit.Counts rawSends, long relayCpuNanos,
            long rawCpuNanos, String locksAfterStop, long minimalNanos, long minimalCpuNanos) {
        double minimalPerSecond() {
            return rows / (minimalNanos / 1e9);
        }

        double relayPerSecond() {
            return rows / (relayNanos / 1e9);
        }

        double rawPerSecond() {
            return rows / (rawNanos / 1e9);
        }
    }

    private final HubUnderTest hub;
    private final Settings settings;
    private final int batchSize;
    private long lastStopNanos;
    private String lastMessageFacts;
    private BrokerSendAudit.Counts lastSends;
    private long lastCpuNanos;
    private String lastLocksAfterStop;

    RelayThroughput(HubUnderTest hub) {
        this.hub = hub;
        this.settings = hub.settings;
        this.batchSize = hub.outbox.getBatchSize();
    }

    Result run() throws Exception {
        hub.createQueue(QUEUE);
        Progress.say("phase 1: relay throughput vs. raw transacted JMS (%,d rows of %,d B, %,d aggregates, %d per commit)",
                settings.relayRows(), settings.payloadBytes(), settings.aggregates(), batchSize);
        if (settings.relayWarmupRows() > 0) {
            relay(settings.relayWarmupRows(), "relay warm-up");
            raw(settings.relayWarmupRows(), "raw JMS warm-up");
            minimal(settings.relayWarmupRows(), "minimal relay warm-up");
        }
        long relay = relay(settings.relayRows(), "relay");
        long stop = lastStopNanos;
        String relayFacts = lastMessageFacts;
        BrokerSendAudit.Counts relaySends = lastSends;
        long relayCpu = lastCpuNanos;
        String locks = lastLocksAfterStop;
        long raw = raw(settings.relayRows(), "raw JMS");
        String rawFacts = lastMessageFacts;
        BrokerSendAudit.Counts rawSends = lastSends;
        long rawCpu = lastCpuNanos;
        long minimal = minimal(settings.relayRows(), "minimal relay");
        Progress.say("  phase 1 ratios: hub relay / raw JMS %s; hub relay / minimal relay %s; minimal relay / raw JMS "
                + "%s (the floor of claim + broker commit + durable mark)", Samples.ratio((double) raw / relay),
                Samples.ratio((double) minimal / relay), Samples.ratio((double) raw / minimal));
        return new Result(settings.relayRows(), relay, raw, stop, relayFacts, rawFacts, relaySends, rawSends,
                relayCpu, rawCpu, locks, minimal, lastCpuNanos);
    }

    /** @return nanoseconds from relay start until every row is published */
    /** JVM CPU of the last {@link #relay} run. */
    long lastCpuNanos() {
        return lastCpuNanos;
    }

    long relay(int rows, String phase) throws Exception {
        hub.clearOutbox();
        hub.purge(QUEUE);
        insertBacklog(rows, phase);
        hub.analyzeOutbox(); // as autovacuum would have by the time a real backlog is relayed

        OutboxRelay relay = hub.relay();
        hub.relayQueueAudit.takeCounts();
        long before = relay.publishedCount(); // counts across restarts
        LongSupplier published = () -> relay.publishedCount() - before;
        long cpu = Cpu.processNanos();
        long start = System.nanoTime();
        long elapsed;
        try (Progress p = Progress.start(phase, rows, "rows", published)) {
            hub.startRelayAndAwaitActive(Duration.ofSeconds(30));
            long lastProgress = System.nanoTime();
            long lastCount = 0;
            while (published.getAsLong() < rows) {
                Thread.sleep(2);
                long count = published.getAsLong();
                if (count != lastCount) {
                    lastCount = count;
                    lastProgress = System.nanoTime();
                } else if (System.nanoTime() - lastProgress > Duration.ofSeconds(60).toNanos()) {
                    throw new IllegalStateException(phase + ": no row published for 60 s (" + count + "/" + rows + ")");
                }
            }
            elapsed = System.nanoTime() - start;
            lastCpuNanos = Cpu.processNanos() - cpu;
        }
        lastStopNanos = hub.stopRelay();
        lastLocksAfterStop = hub.advisoryLocks();

        checkDrainedAndCollect(rows, phase);
        Progress.say("  %s: %,d rows in %s -> %s rows/s, JVM CPU %s/row; broker saw %s; relay.stop() took %s, "
                + "advisory locks held after it: %s", phase, rows, Samples.seconds(elapsed),
                Samples.rate(rows / (elapsed / 1e9)), Cpu.perOp(lastCpuNanos, rows), lastSends,
                Samples.seconds(lastStopNanos), lastLocksAfterStop);
        return elapsed;
    }

    private void insertBacklog(int rows, String phase) throws Exception {
        AtomicLong inserted = new AtomicLong();
        long start = System.nanoTime();
        try (Connection c = hub.dataSource.getConnection(); PreparedStatement insert = Payloads.prepareInsert(c);
                Progress p = Progress.start(phase + " backlog insert", rows, "rows", inserted::get)) {
            c.setAutoCommit(false);
            for (int i = 0; i < rows; i++) {
                String aggregate = Payloads.aggregate(i, settings.aggregates());
                Payloads.bind(insert, QUEUE, aggregate, Payloads.json(i, aggregate, 0, settings.payloadBytes()));
                insert.addBatch();
                if ((i + 1) % 1000 == 0 || i == rows - 1) {
                    insert.executeBatch();
                    c.commit();
                    inserted.set(i + 1);
                }
            }
            c.setAutoCommit(true);
        }
        Progress.say("  %s: %,d rows committed to the outbox in %s (no relay running)", phase, rows,
                Samples.seconds(System.nanoTime() - start));
    }

    /** The hub's claim, schema filled in. */
    private static final String CLAIM = ("select " + OutboxRoutes.CLAIMED_COLUMNS + " from {{schema}}.outbox o where "
            + OutboxRoutes.CLAIMABLE + OutboxRoutes.NOT_SENT + " order by id limit ?").replace("{{schema}}",
            HubUnderTest.SCHEMA);
    /** The hub's mark (OutboxPublisherStatements) without the latency it returns. */
    private static final String MARK = OutboxRoutes.MARK.replace("{{schema}}", HubUnderTest.SCHEMA);

    /**
     * The least a relay keeping every reliability property does, plain JDBC + JMS on one thread: claim a batch, send
     * it in one JMS transaction, commit the broker, then mark the rows published in one autocommit UPDATE once due,
     * with the hub's policy ({@code hub.outbox.mark-delay}, {@link SentRows}).
     *
     * @return nanoseconds until the backlog is drained
     */
    private long minimal(int rows, String phase) throws Exception {
        hub.clearOutbox();
        hub.purge(QUEUE);
        insertBacklog(rows, phase);
        hub.analyzeOutbox();
        hub.relayQueueAudit.takeCounts();
        AtomicLong published = new AtomicLong();
        long elapsed;
        try (Connection db = hub.dataSource.getConnection();
                PreparedStatement claim = db.prepareStatement(CLAIM);
                PreparedStatement mark = db.prepareStatement(MARK);
                jakarta.jms.Connection connection = hub.jmsConnectionFactory().createConnection();
                Progress p = Progress.start(phase, rows, "rows", published::get)) {
            db.setAutoCommit(true);
            Session session = connection.createSession(true, Session.SESSION_TRANSACTED);
            MessageProducer producer = session.createProducer(null);
            producer.setDeliveryMode(DeliveryMode.PERSISTENT);
            java.util.Map<String, jakarta.jms.Queue> queues = new java.util.HashMap<>();
            long[] ids = new long[batchSize];
            SentRows sent = new SentRows(hub.outbox.getMarkDelay(), batchSize);
            long cpu = Cpu.processNanos();
            long start = System.nanoTime();
            while (true) {
                int n = 0;
                claim.setString(1, sent.ids());
                claim.setInt(2, sent.claimLimit());
                try (java.sql.ResultSet rs = claim.executeQuery()) {
                    while (rs.next()) {
                        ids[n++] = rs.getLong("id");
                        String destination = rs.getString("destination");
                        jakarta.jms.Queue queue = queues.computeIfAbsent(destination, d -> {
                            try {
                                return session.createQueue(d.substring("queue:".length()));
                            } catch (jakarta.jms.JMSException e) {
                                throw new IllegalStateException(e);
                            }
                        });
                        TextMessage message = session.createTextMessage(rs.getString("payload"));
                        Payloads.envelope(message, rs.getString("message_id"), rs.getString("aggregate_id"));
                        producer.send(queue, message);
                    }
                }
                if (n > 0) {
                    session.commit(); // before the mark: a crash in between re-sends, never loses
                    sent.add(java.util.Arrays.copyOf(ids, n), System.nanoTime());
                    published.addAndGet(n);
                }
                if (n == 0 && !sent.isEmpty() || sent.markDue(System.nanoTime())) {
                    SentRows.Marks marks = sent.takeAll(System.nanoTime());
                    mark.setString(1, "minimal-relay");
                    mark.setString(2, marks.ids());
                    mark.setString(3, marks.agesMicros());
                    if (mark.executeUpdate() != marks.count()) {
                        throw new IllegalStateException(phase + ": mark updated fewer rows than were sent");
                    }
                }
                if (n == 0) {
                    break;
                }
            }
            elapsed = System.nanoTime() - start;
            lastCpuNanos = Cpu.processNanos() - cpu;
        }
        checkDrainedAndCollect(rows, phase);
        Progress.say("  %s: %,d rows in %s -> %s rows/s, JVM CPU %s/row; broker saw %s", phase, rows,
                Samples.seconds(elapsed), Samples.rate(rows / (elapsed / 1e9)), Cpu.perOp(lastCpuNanos, rows),
                lastSends);
        return elapsed;
    }

    /** @return nanoseconds to send and commit every message */
    private long raw(int messages, String phase) throws Exception {
        hub.purge(QUEUE);
        hub.relayQueueAudit.takeCounts();
        String[] payloads = new String[messages];
        String[] ids = new String[messages];
        for (int i = 0; i < messages; i++) {
            payloads[i] = Payloads.json(i, Payloads.aggregate(i, settings.aggregates()), 0, settings.payloadBytes());
            ids[i] = UUID.randomUUID().toString();
        }
        AtomicLong sent = new AtomicLong();
        long elapsed;
        try (jakarta.jms.Connection connection = hub.jmsConnectionFactory().createConnection();
                Progress p = Progress.start(phase, messages, "msgs", sent::get)) {
            Session session = connection.createSession(true, Session.SESSION_TRANSACTED);
            MessageProducer producer = session.createProducer(session.createQueue(QUEUE));
            producer.setDeliveryMode(DeliveryMode.PERSISTENT);
            long cpu = Cpu.processNanos();
            long start = System.nanoTime();
            for (int i = 0; i < messages; i++) {
                TextMessage message = session.createTextMessage(payloads[i]);
                Payloads.envelope(message, ids[i], Payloads.aggregate(i, settings.aggregates()));
                producer.send(message);
                if ((i + 1) % batchSize == 0) {
                    session.commit();
                    sent.set(i + 1);
                }
            }
            session.commit();
            elapsed = System.nanoTime() - start;
            lastCpuNanos = Cpu.processNanos() - cpu;
            sent.set(messages);
        }
        long depth = hub.queueDepth(QUEUE);
        if (depth != messages) {
            throw new IllegalStateException(phase + ": " + depth + " message(s) on " + QUEUE + " after sending "
                    + messages);
        }
        lastMessageFacts = hub.firstMessageFacts(QUEUE);
        lastSends = hub.relayQueueAudit.takeCounts();
        hub.purge(QUEUE);
        Progress.say("  %s: %,d msgs in %s -> %s msgs/s, JVM CPU %s/msg; broker saw %s", phase, messages,
                Samples.seconds(elapsed), Samples.rate(messages / (elapsed / 1e9)), Cpu.perOp(lastCpuNanos, messages),
                lastSends);
        return elapsed;
    }

    /** Every row relayed exactly once: empty backlog, one message per row; then what the broker saw, queue purged. */
    private void checkDrainedAndCollect(int rows, String phase) throws Exception {
        long backlog = hub.backlog();
        long depth = hub.queueDepth(QUEUE);
        if (backlog != 0 || depth != rows) {
            throw new IllegalStateException(phase + ": backlog " + backlog + " and " + depth + " message(s) on "
                    + QUEUE + " after relaying " + rows + " rows");
        }
        lastMessageFacts = hub.firstMessageFacts(QUEUE);
        lastSends = hub.relayQueueAudit.takeCounts();
        hub.purge(QUEUE);
    }
}
