package io.integrationhub.benchmarks;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.AtomicReference;

import jakarta.jms.DeliveryMode;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;

import org.postgresql.PGConnection;

import io.integrationhub.routes.outbox.OutboxRoutes;
import io.integrationhub.routes.outbox.SentRows;

/**
 * Phase 4 (issue 13): the floor of the end-to-end saga rates — the least implementation of the same durable message
 * flow, plain JDBC + JMS on the benchmark's embedded broker, no Camel. An order is a chain of K hops; each hop is
 * exactly the durable work the design requires of one message and nothing else:
 * <ol>
 * <li>a database transaction writes the hop's row into {@code hop_chain.outbox}, a copy of the hub's
 * {@code orders.outbox} (columns, indexes, defaults, its NOTIFY-at-commit trigger; a table of its own because the idle
 * app writes rows into orders.outbox — its saga deadline scan re-sent commands after phases 2 and 3) — for hop 1 the producer's transaction (with the order's state row), for the others the consumer's;</li>
 * <li>one relay thread, woken by LISTEN/NOTIFY (the hub's {@code hub.outbox.poll-interval} as safety net), claims
 * committed rows with the hub's claim ({@link OutboxRoutes#CLAIMABLE}, up to {@code hub.outbox.batch-size}), sends them
 * persistent in one transacted JMS session, commits the broker, then — like the hub's relay — marks the rows sent
 * once their mark is due ({@code hub.outbox.mark-delay}: one autocommit UPDATE for the batches of that time,
 * {@link SentRows}), leaving them out of its claims until then;</li>
 * <li>C transacted JMS consumers each: in one database transaction insert the messageId into the hub's
 * {@code orders.camel_messageprocessed} ({@code on conflict do nothing}, as InsertOnceMessageIdRepository does),
 * update the order's state row, write the next hop's outbox row (none after hop K); commit the database, then the JMS
 * session (the ack after the database commit).</li>
 * </ol>
 * A closed loop keeps {@code in-flight} orders running; after a warm-up the rate is measured over a fixed number of
 * completed orders, with JVM, PostgreSQL-backend CPU and broker transactions over the same interval. Not in the chain
 * (so it is a lower bound for the hub): saga state and step log, order history, JSON parsing and writing, the
 * aggregate_sequence upsert and arrival checks, tracing, metrics, HTTP intake, Camel.
 * <p>
 * An open loop ("steady", {@code hops.steady-orders}) offers K = 18 orders at a fixed rate and times each order from
 * just before its hop-1 transaction to the database commit of its hop {@value #VALIDATED_HOPS} and of its hop
 * {@value #APPROVED_HOPS}: the hub's VALIDATED and APPROVED latencies with the same per-order work. The chain's hops
 * are all sequential, the saga's are not, so it also times hop {@value #VALIDATED_CRITICAL_HOPS} and hop
 * {@value #APPROVED_CRITICAL_HOPS}: the sequential hops on the saga's path to VALIDATED and to APPROVED. A latency
 * floor must carry the hub's offered work, the same orders/s: {@code all} runs it after the saga flow
 * ({@link #floor}) at the hub's VALIDATED and at its APPROVED offered rate. Alone ({@code hops}) it runs after the
 * closed loops, at {@code hops.steady-rate} or, if 0, at half the K = 18 loop's orders/s — near the chain's
 * saturation (the closed loop batches ~15 rows per relay batch, an open loop at half its rate far fewer), so that
 * p99 is no floor for the hub's.
 */
final class HopChain {

    static final String QUEUE = "bench.hops";
    /** Messages of the create-order saga up to VALIDATED (see benchmarks/README.md, "A floor for the saga rates"). */
    static final int VALIDATED_HOPS = 5;
    /** Messages of one order up to APPROVED (the statement log of the validation benchmark). */
    static final int APPROVED_HOPS = 18;
    /**
     * Sequential hops after POST's transaction on the way to VALIDATED: the command relayed and consumed (its reply
     * written), the reply relayed and consumed. The two validations run in parallel.
     */
    static final int VALIDATED_CRITICAL_HOPS = 2;
    /** The same to APPROVED: four saga steps one after the other, each a command and its reply (CreateOrderSaga). */
    static final int APPROVED_CRITICAL_HOPS = 8;
    /** The hops the open loop times, ascending. */
    static final int[] TIMED_HOPS = { VALIDATED_CRITICAL_HOPS, VALIDATED_HOPS, APPROVED_CRITICAL_HOPS, APPROVED_HOPS };
    private static final String PROCESSOR = "hop-chain";
    private static final String STATE = "hop_chain.order_state";
    private static final String OUTBOX_SCHEMA = "hop_chain";
    /** The hub's claim and mark (as RelayThroughput's minimal relay), on the chain's own outbox. */
    private static final String CLAIM = ("select " + OutboxRoutes.CLAIMED_COLUMNS + " from {{schema}}.outbox o where "
            + OutboxRoutes.CLAIMABLE + OutboxRoutes.NOT_SENT + " order by id limit ?").replace("{{schema}}",
            OUTBOX_SCHEMA);
    private static final String MARK = OutboxRoutes.MARK.replace("{{schema}}", OUTBOX_SCHEMA);
    private static final String INSERT = Payloads.INSERT_OUTBOX.replace(HubUnderTest.SCHEMA + ".outbox",
            OUTBOX_SCHEMA + ".outbox");
    private static final int PRODUCERS = 4;

    /** One measured burst at K hops per order. */
    record Run(int hops, int orders, int inFlight, int consumers, long nanos, long hopCount, long cpuNanos,
            double postgresCpuMs, BrokerTransactions.Counts broker, long relayBatches, long duplicates, long errors,
            double idleCpuMsPerSecond, long chainThreadsCpuNanos, long artemisThreadsCpuNanos,
            long otherJavaThreadsCpuNanos) {
        /**
         * Hops per second ÷ K: the closed loop moves its orders in waves (all in-flight chains advance through one
         * FIFO queue together), so completions arrive in lumps while hops flow steadily.
         */
        double ordersPerSecond() {
            return hopsPerSecond() / hops;
        }

        /** Orders completed per second in the same interval (lumpy, see above). */
        double completedPerSecond() {
            return orders / (nanos / 1e9);
        }

        double hopsPerSecond() {
            return hopCount / (nanos / 1e9);
        }

        double cpuMsPerHop() {
            return cpuNanos / 1e6 / hopCount();
        }

        /** The chain's own threads (producers, relay, consumers: JDBC and the JMS client's calls on them). */
        double chainThreadsMsPerHop() {
            return chainThreadsCpuNanos / 1e6 / hopCount();
        }

        /**
         * The rate this machine's cores would allow if the chain had them alone: cores ÷ (JVM + PostgreSQL-backend CPU
         * per order) — the README's "107 ms per order on 2 cores is a ceiling of 18.7 orders/s" for the hub. Steadier
         * than the wall-clock rate on a shared machine (CPU per hop grows less with the load than the rate drops).
         */
        double cpuCeilingOrdersPerSecond() {
            return Runtime.getRuntime().availableProcessors() * 1000.0 / ((cpuMsPerHop() + postgresMsPerHop()) * hops);
        }

        /** Artemis' threads (broker and client: delivery, journal, in-VM transport). */
        double artemisMsPerHop() {
            return artemisThreadsCpuNanos / 1e6 / hopCount();
        }

        /** The rest of the JVM's CPU: the app's Java threads, then GC, JIT and the VM's own threads. */
        double otherJavaThreadsMsPerHop() {
            return otherJavaThreadsCpuNanos / 1e6 / hopCount();
        }

        double vmInternalMsPerHop() {
            return cpuMsPerHop() - chainThreadsMsPerHop() - artemisMsPerHop() - otherJavaThreadsMsPerHop();
        }

        double postgresMsPerHop() {
            return postgresCpuMs / hopCount();
        }

        double brokerTxPerHop() {
            return broker.total() / (double) hopCount();
        }

        double rowsPerRelayBatch() {
            return relayBatches == 0 ? 0 : hopCount() / (double) relayBatches;
        }
    }

    /**
     * The open loop: {@code orders} offered at {@code offeredPerSecond}, whose origin {@code offeredAs} says ("the
     * hub's offered rate", "50 % of its closed-loop rate", "hops.steady-rate"); per order nanoTime from just before
     * its hop-1 transaction to the DB commit of each of {@link #TIMED_HOPS} ({@code latency}, in that order); how late
     * the producers started hop 1 against the schedule; JVM + PostgreSQL-backend CPU over the run ÷ its wall time.
     */
    record Steady(int orders, double offeredPerSecond, String offeredAs, double startedPerSecond, Samples[] latency,
            Samples lateness, long duplicates, long errors, double coresBusy) {
        /** Latency to the commit of {@code hop}, one of {@link #TIMED_HOPS}. */
        Samples to(int hop) {
            for (int i = 0; i < TIMED_HOPS.length; i++) {
                if (TIMED_HOPS[i] == hop) {
                    return latency[i];
                }
            }
            throw new IllegalArgumentException("hop " + hop + " is not timed");
        }

        /** "p50 …, p99 …, max …" to the commit of {@code hop}. */
        String summary(int hop) {
            Samples l = to(hop);
            return "p50 " + Samples.ms(l.percentileMs(50)) + ", p99 " + Samples.ms(l.percentileMs(99)) + ", max "
                    + Samples.ms(l.maxMs());
        }
    }

    /**
     * {@code steady} is null when it did not run (in {@code all}, which runs {@link #floor} after the saga flow
     * instead; no K = 18 in hops.k and no hops.steady-rate; hops.steady-orders=0).
     */
    record Result(List<Run> runs, int payloadBytes, Steady steady) {
        /** The run at K hops, or null. */
        Run at(int hops) {
            return runs.stream().filter(r -> r.hops() == hops).findFirst().orElse(null);
        }
    }

    private final HubUnderTest hub;
    private final Settings settings;
    private final int batchSize;
    private final BrokerTransactions brokerTransactions = new BrokerTransactions();

    HopChain(HubUnderTest hub) {
        this.hub = hub;
        this.settings = hub.settings;
        this.batchSize = hub.outbox.getBatchSize();
        hub.broker.registerBrokerPlugin(brokerTransactions);
    }

    /**
     * The latency floors at the hub's offered rates, run after the saga flow ({@code all}): {@code validated} at the
     * rate the hub was offered for its VALIDATED p99 (hops 2 and 5 are that floor), {@code approved} at its APPROVED
     * one (hops 8 and 18).
     */
    record Floor(Steady validated, Steady approved) {
    }

    /**
     * Phase 4: a closed loop per K of hops.k, then (if {@code ownSteady}) the open loop at hops.steady-rate or at half
     * the K = 18 loop's rate.
     */
    Result run(boolean ownSteady) throws Exception {
        setup();
        List<Integer> ks = java.util.Arrays.stream(settings.hopsK().split(",")).map(String::trim)
                .map(Integer::parseInt).toList();
        Progress.say("phase 4: minimal hop chain (JDBC + JMS, no Camel), K = %s hops per order, %d orders in flight, "
                + "%d consumers, %,d B payloads, relay batch ≤ %d woken by LISTEN/NOTIFY", ks, settings.hopsInFlight(),
                settings.hopsConsumers(), settings.hopsPayloadBytes(), batchSize);
        List<Run> runs = new ArrayList<>();
        for (int i = 0; i < ks.size(); i++) {
            // the warm-up only before the first K: the code path is the same for every K
            runs.add(burst(ks.get(i), i == 0 ? settings.hopsWarmup() : Math.min(settings.hopsWarmup(), 100),
                    settings.hopsOrders()));
        }
        Steady steady = null;
        Run approved = runs.stream().filter(r -> r.hops() == APPROVED_HOPS).findFirst().orElse(null);
        if (ownSteady && settings.hopsSteadyOrders() > 0 && settings.hopsSteadyRate() > 0) {
            steady = steady(settings.hopsSteadyOrders(), settings.hopsSteadyRate(), "hops.steady-rate");
        } else if (ownSteady && settings.hopsSteadyOrders() > 0 && approved != null) {
            steady = steady(settings.hopsSteadyOrders(), approved.ordersPerSecond() / 2,
                    "50 % of its closed-loop rate");
        }
        return new Result(runs, settings.hopsPayloadBytes(), steady);
    }

    /**
     * After the saga flow, on a hub started for it: the open loop at the hub's VALIDATED and at its APPROVED offered
     * orders/s, each min(hops.steady-orders, 60 s of orders at its rate). The tables are phase 4's (kept, with their
     * statistics; created if phase 4 did not run in this database), the queue is created on this hub's broker. A
     * short untimed open loop first: the broker and the connections are new.
     */
    Floor floor(double validatedPerSecond, double approvedPerSecond) throws Exception {
        setup();
        settle(); // the app just started: its JIT work would be in the first run's CPU and tail
        Progress.say("hop chain floor: the open loop at the hub's offered rates, %s and %s orders/s",
                Samples.rate(validatedPerSecond), Samples.rate(approvedPerSecond));
        steady(Math.max(1, Math.min(200, (int) Math.round(validatedPerSecond * 5))), validatedPerSecond,
                "a warm-up at the hub's offered rate (not reported)");
        Steady validated = steady(cappedOrders(validatedPerSecond), validatedPerSecond, "the hub's offered rate");
        Steady approved = steady(cappedOrders(approvedPerSecond), approvedPerSecond, "the hub's offered rate");
        return new Floor(validated, approved);
    }

    /** hops.steady-orders, but at most 60 s of orders at {@code rate} (at least one). */
    private int cappedOrders(double rate) {
        return (int) Math.max(1, Math.min(settings.hopsSteadyOrders(), Math.round(rate * 60)));
    }

    /** The chain's tables (created if missing, kept otherwise) and its queue on this hub's broker. */
    private void setup() throws Exception {
        hub.createQueue(QUEUE);
        try (Connection c = connect(); Statement s = c.createStatement()) {
            c.setAutoCommit(true);
            s.execute("create schema if not exists hop_chain");
            s.execute("create table if not exists " + STATE + " (order_id bigint primary key, hop int not null, "
                    + "updated_at timestamptz not null)");
            // the hub's outbox as Flyway made it (the id default shares orders' sequence), with the same trigger
            // function: it notifies channel outbox_<schema of the table>, i.e. outbox_hop_chain
            s.execute("create table if not exists " + OUTBOX_SCHEMA + ".outbox (like orders.outbox including all)");
            s.execute("drop trigger if exists outbox_notify on " + OUTBOX_SCHEMA + ".outbox");
            s.execute("create trigger outbox_notify after insert on " + OUTBOX_SCHEMA + ".outbox for each statement "
                    + "execute function orders.outbox_notify()");
        }
    }

    private Connection connect() throws SQLException {
        return DriverManager.getConnection(settings.dbUrl(), settings.dbUser(), settings.dbPassword());
    }

    private void reset() throws Exception {
        hub.purge(QUEUE);
        try (Connection c = connect(); Statement s = c.createStatement()) {
            s.execute("truncate " + OUTBOX_SCHEMA + ".outbox, " + STATE);
            s.execute("delete from orders.camel_messageprocessed where processorname = '" + PROCESSOR + "'");
            s.execute("vacuum orders.camel_messageprocessed");
            // no analyze here: statistics of the empty tables made every state update and mark a sequential scan
            // (the cached generic plans), see analyze() after the warm-up
        }
    }

    /**
     * After the warm-up, as autovacuum would have by then: with the statistics of the just-emptied tables the state
     * row's update and the relay's mark ran as sequential scans (pg_stat_user_tables: 432,000 seq scans reading 317
     * million rows of order_state over the runs before this), which inflated PostgreSQL's CPU per hop.
     */
    private void analyze() throws SQLException {
        try (Connection c = connect(); Statement s = c.createStatement()) {
            s.execute("analyze " + OUTBOX_SCHEMA + ".outbox, " + STATE + ", orders.camel_messageprocessed");
        }
    }

    /** Closed loop: warm-up orders, then {@code orders} measured, the loop kept full until the last measured one. */
    private Run burst(int hops, int warmup, int orders) throws Exception {
        reset();
        double idleCpu = settle();
        int inFlight = settings.hopsInFlight();
        int total = warmup + orders + inFlight; // the extra ones keep the loop full until the last measured order
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Semaphore permits = new Semaphore(inFlight);
        AtomicLong completed = new AtomicLong();
        AtomicLong hopsDone = new AtomicLong();
        AtomicLong relayBatches = new AtomicLong();
        AtomicLong duplicates = new AtomicLong();
        AtomicLong errors = new AtomicLong();
        CountDownLatch warm = new CountDownLatch(warmup);
        CountDownLatch measured = new CountDownLatch(warmup + orders);
        CountDownLatch all = new CountDownLatch(total);
        Runnable done = () -> {
            completed.incrementAndGet();
            warm.countDown();
            measured.countDown();
            all.countDown();
            permits.release();
        };
        List<Thread> threads = new ArrayList<>();
        try (jakarta.jms.Connection jms = hub.jmsConnectionFactory().createConnection()) {
            threads.add(thread("hop-relay", failure, () -> relay(jms, running, relayBatches)));
            for (int c = 0; c < settings.hopsConsumers(); c++) {
                threads.add(thread("hop-consumer-" + c, failure,
                        () -> consume(jms, hops, running, done, hopsDone, duplicates, errors, null)));
            }
            AtomicLong nextOrder = new AtomicLong();
            for (int p = 0; p < PRODUCERS; p++) {
                threads.add(thread("hop-producer-" + p, failure, () -> produce(total, nextOrder, permits, running)));
            }
            jms.start();
            threads.forEach(Thread::start);

            try (Progress p = Progress.start("hop chain K=" + hops, total, "orders", completed::get)) {
                await(warm, failure, "warm-up");
                analyze();
                brokerTransactions.take();
                PostgresCpu postgres = PostgresCpu.start(hub.dataSource);
                long batchesBefore = relayBatches.get();
                long hopsBefore = hopsDone.get();
                long cpu = Cpu.processNanos();
                java.util.Map<Long, long[]> threadsBefore = threadCpu();
                long start = System.nanoTime();
                await(measured, failure, "measured orders");
                long nanos = System.nanoTime() - start;
                cpu = Cpu.processNanos() - cpu;
                long[] groups = groupDeltas(threadsBefore, threadCpu());
                double postgresMs = postgres.ms();
                BrokerTransactions.Counts broker = brokerTransactions.take();
                long batchesMeasured = relayBatches.get() - batchesBefore;
                long hopCount = hopsDone.get() - hopsBefore;
                await(all, failure, "the orders still in flight");
                running.set(false);
                for (Thread t : threads) {
                    t.join(TimeUnit.SECONDS.toMillis(30));
                }
                check(hops, total);
                Run run = new Run(hops, orders, inFlight, settings.hopsConsumers(), nanos, hopCount, cpu, postgresMs,
                        broker, batchesMeasured, duplicates.get(), errors.get(), idleCpu, groups[0], groups[1],
                        groups[2]);
                Progress.say("  hop chain K=%d: %,d orders completed in %s (%s orders/s), %,d hops -> %s hops/s, "
                        + "÷ K = %s orders/s; per hop JVM CPU %s (the chain's own threads %s, Artemis' threads %s, "
                        + "other Java threads %s, GC/JIT/VM %s; the idle app: %.1f ms/s), "
                        + "PostgreSQL backends %s, broker transactions %.2f (%s); %.1f rows per relay batch"
                        + "; CPU ceiling %s orders/s; %d duplicates, %d failed attempts", hops, orders, Samples.seconds(nanos),
                        Samples.rate(run.completedPerSecond()), hopCount, Samples.rate(run.hopsPerSecond()),
                        Samples.rate(run.ordersPerSecond()), Samples.ms(run.cpuMsPerHop()),
                        Samples.ms(run.chainThreadsMsPerHop()), Samples.ms(run.artemisMsPerHop()),
                        Samples.ms(run.otherJavaThreadsMsPerHop()), Samples.ms(run.vmInternalMsPerHop()), idleCpu,
                        Samples.ms(run.postgresMsPerHop()), run.brokerTxPerHop(),
                        broker, run.rowsPerRelayBatch(), Samples.rate(run.cpuCeilingOrdersPerSecond()), duplicates.get(), errors.get());
                return run;
            }
        } finally {
            running.set(false);
            for (Thread t : threads) {
                t.join(TimeUnit.SECONDS.toMillis(30));
            }
        }
    }

    /** Order ids of the open loop start here: above the closed loop's, whose rows stay (and keep their statistics). */
    private static final long STEADY_BASE = 1_000_000_000L;

    /**
     * Open loop at K = 18: {@code count} orders, order i's hop 1 due at start + i / rate (4 producers; one that is
     * late starts the next due orders at once, so it does not hide the queueing), each timed from just before its
     * hop-1 transaction to the database commit of its hop 5 and hop 18, by System.nanoTime in this JVM. The closed
     * loop's tables are kept (no truncate: their statistics, see {@link #analyze()}); its orders are all done and its
     * queue is empty ({@link #check}). The state rows of an earlier open loop are deleted (its ids are reused).
     */
    private Steady steady(int count, double rate, String offeredAs) throws Exception {
        int hops = APPROVED_HOPS;
        Progress.say("  hop chain steady: %,d orders of K=%d offered at %s orders/s (%s), "
                + "latency from just before hop 1's transaction to the commit of hops %s", count, hops,
                Samples.rate(rate), offeredAs, java.util.Arrays.toString(TIMED_HOPS));
        deleteSteadyOrders();
        long processedBefore = processedCount();
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        AtomicLongArray began = new AtomicLongArray(count); // nanoTime before hop 1's transaction
        AtomicLongArray lateness = new AtomicLongArray(count);
        AtomicLongArray[] reached = new AtomicLongArray[hops + 1]; // by hop, for the timed ones; 0 = not yet
        for (int hop : TIMED_HOPS) {
            reached[hop] = new AtomicLongArray(count);
        }
        AtomicLong twice = new AtomicLong(); // a timed hop applied a second time: would be a duplicate
        AtomicLong completed = new AtomicLong();
        AtomicLong hopsDone = new AtomicLong();
        AtomicLong duplicates = new AtomicLong();
        AtomicLong errors = new AtomicLong();
        CountDownLatch all = new CountDownLatch(count);
        Runnable done = () -> {
            completed.incrementAndGet();
            all.countDown();
        };
        Committed committed = (order, hop, now) -> {
            int i = (int) (order - STEADY_BASE);
            AtomicLongArray at = reached[hop];
            if (at != null && !at.compareAndSet(i, 0, now - began.get(i))) {
                twice.incrementAndGet();
            }
        };
        List<Thread> threads = new ArrayList<>();
        try (jakarta.jms.Connection jms = hub.jmsConnectionFactory().createConnection()) {
            threads.add(thread("hop-relay", failure, () -> relay(jms, running, new AtomicLong())));
            for (int c = 0; c < settings.hopsConsumers(); c++) {
                threads.add(thread("hop-consumer-" + c, failure,
                        () -> consume(jms, hops, running, done, hopsDone, duplicates, errors, committed)));
            }
            AtomicLong next = new AtomicLong();
            // a second ahead: the threads open their connections meanwhile, so order 0 is not late for that
            long start = System.nanoTime() + TimeUnit.SECONDS.toNanos(1);
            for (int p = 0; p < PRODUCERS; p++) {
                threads.add(thread("hop-producer-" + p, failure,
                        () -> offer(count, rate, start, next, began, lateness, running)));
            }
            jms.start();
            threads.forEach(Thread::start);
            try (Progress p = Progress.start("hop chain steady K=" + hops, count, "orders", completed::get)) {
                PostgresCpu postgres = PostgresCpu.start(hub.dataSource);
                long cpu = Cpu.processNanos();
                long t = System.nanoTime();
                await(all, failure, "the steady orders");
                long wall = System.nanoTime() - t;
                double coresBusy = ((Cpu.processNanos() - cpu) / 1e6 + postgres.ms()) / (wall / 1e6);
                running.set(false);
                for (Thread thread : threads) {
                    thread.join(TimeUnit.SECONDS.toMillis(30));
                }
                long[] late = new long[count];
                long firstBegan = Long.MAX_VALUE;
                long lastBegan = Long.MIN_VALUE;
                for (int i = 0; i < count; i++) {
                    late[i] = lateness.get(i);
                    firstBegan = Math.min(firstBegan, began.get(i));
                    lastBegan = Math.max(lastBegan, began.get(i));
                }
                Samples[] latency = new Samples[TIMED_HOPS.length];
                int missing = 0;
                for (int h = 0; h < TIMED_HOPS.length; h++) {
                    long[] nanos = new long[count];
                    for (int i = 0; i < count; i++) {
                        nanos[i] = reached[TIMED_HOPS[h]].get(i);
                        missing += nanos[i] == 0 ? 1 : 0;
                    }
                    latency[h] = new Samples(nanos);
                }
                checkSteady(hops, count, processedBefore, missing, twice.get());
                Steady steady = new Steady(count, rate, offeredAs, (count - 1) / ((lastBegan - firstBegan) / 1e9),
                        latency, new Samples(late), duplicates.get(), errors.get(), coresBusy);
                StringBuilder each = new StringBuilder();
                for (int hop : TIMED_HOPS) {
                    each.append(String.format(Locale.ROOT, "; → hop %d commit %s", hop, steady.summary(hop)));
                }
                Progress.say("  hop chain steady: %,d orders offered at %s/s (hop 1 began at %s/s; producers late "
                        + "p99 %s, max %s)%s; %.2f cores busy (JVM + PostgreSQL backends); %d duplicates, %d failed "
                        + "attempts", count, Samples.rate(rate), Samples.rate(steady.startedPerSecond()),
                        Samples.ms(steady.lateness().percentileMs(99)), Samples.ms(steady.lateness().maxMs()), each,
                        coresBusy, duplicates.get(), errors.get());
                return steady;
            }
        } finally {
            running.set(false);
            for (Thread t : threads) {
                t.join(TimeUnit.SECONDS.toMillis(30));
            }
        }
    }

    /** Every steady order at hop K and timed once at each timed hop; no backlog; K keys each; the queue empty. */
    private void checkSteady(int hops, int count, long processedBefore, int missing, long twice) throws Exception {
        long finished;
        long backlog;
        try (Connection c = connect();
                PreparedStatement s = c.prepareStatement("select count(*) filter (where hop = ?), "
                        + "(select count(*) from " + OUTBOX_SCHEMA + ".outbox where published_at is null) from "
                        + STATE + " where order_id >= ?")) {
            s.setInt(1, hops);
            s.setLong(2, STEADY_BASE);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                finished = rs.getLong(1);
                backlog = rs.getLong(2);
            }
        }
        long processed = processedCount() - processedBefore;
        long depth = hub.queueDepth(QUEUE);
        if (finished != count || backlog != 0 || processed != (long) count * hops || depth != 0 || missing != 0
                || twice != 0) {
            throw new IllegalStateException("hop chain steady: " + finished + "/" + count + " orders finished, "
                    + "outbox backlog " + backlog + ", " + processed + " messages processed, " + depth
                    + " on the queue, " + missing + " times of timed hops missing, " + twice + " recorded twice");
        }
    }

    /** The state rows of an earlier open loop (phase 4's, a warm-up's): checkSteady counts the rows from STEADY_BASE. */
    private void deleteSteadyOrders() throws SQLException {
        try (Connection c = connect();
                PreparedStatement delete = c.prepareStatement("delete from " + STATE + " where order_id >= ?")) {
            delete.setLong(1, STEADY_BASE);
            if (delete.executeUpdate() > 0) {
                try (Statement s = c.createStatement()) {
                    s.execute("vacuum " + STATE); // the deleted rows' index entries, before their ids come back
                }
            }
        }
    }

    private long processedCount() throws SQLException {
        try (Connection c = connect();
                PreparedStatement s = c.prepareStatement(
                        "select count(*) from orders.camel_messageprocessed where processorname = ?")) {
            s.setString(1, PROCESSOR);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /**
     * What the idle app (its pollers, scans, listener containers), the broker and the JIT cost this JVM: right after
     * start-up the compiler threads still took 300–700 ms/s, so this waits (up to 20 s) until a second costs less than
     * 150 ms of CPU. It is in the JVM CPU per hop, which is therefore an upper bound for the chain's own.
     *
     * @return CPU ms per second of the last idle second
     */
    private static double settle() throws InterruptedException {
        double perSecond = 0;
        for (int i = 0; i < 20; i++) {
            long cpu = Cpu.processNanos();
            long t = System.nanoTime();
            Thread.sleep(1_000);
            perSecond = (Cpu.processNanos() - cpu) / 1e6 / ((System.nanoTime() - t) / 1e9);
            if (perSecond < 150) {
                break;
            }
        }
        return perSecond;
    }

    /**
     * Thread id → [group, CPU so far] of the live Java threads; groups: 0 the chain's (hop-*), 1 Artemis' (broker and
     * client), 2 the others. What the process used beyond the Java threads is GC, JIT and the VM's own threads.
     */
    private static java.util.Map<Long, long[]> threadCpu() {
        java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
        java.util.Map<Long, long[]> cpu = new java.util.HashMap<>();
        for (java.lang.management.ThreadInfo info : mx.getThreadInfo(mx.getAllThreadIds())) {
            if (info == null) {
                continue;
            }
            String name = info.getThreadName().toLowerCase(Locale.ROOT);
            int group = name.startsWith("hop-") ? 0 : name.contains("activemq") || name.contains("artemis") ? 1 : 2;
            cpu.put(info.getThreadId(), new long[] { group, Math.max(0, mx.getThreadCpuTime(info.getThreadId())) });
        }
        return cpu;
    }

    /** CPU per group between two snapshots; a thread that ended meanwhile is not counted (it falls to GC/JIT/VM). */
    private static long[] groupDeltas(java.util.Map<Long, long[]> before, java.util.Map<Long, long[]> after) {
        long[] sums = new long[3];
        after.forEach((id, now) -> sums[(int) now[0]] += now[1] - before.getOrDefault(id, new long[] { 0, 0 })[1]);
        return sums;
    }

    private static void await(CountDownLatch latch, AtomicReference<Throwable> failure, String what)
            throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
        while (!latch.await(100, TimeUnit.MILLISECONDS)) {
            if (failure.get() != null) {
                throw new IllegalStateException("hop chain failed", failure.get());
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("hop chain: " + what + " not done after 5 minutes");
            }
        }
    }

    /** Every order at its last hop, every row published, nothing left on the queue. */
    private void check(int hops, int orders) throws Exception {
        try (Connection c = connect(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("select (select count(*) from " + STATE + " where hop = " + hops + "), "
                        + "(select count(*) from " + OUTBOX_SCHEMA + ".outbox where published_at is null), "
                        + "(select count(*) from orders.camel_messageprocessed where processorname = '" + PROCESSOR
                        + "')")) {
            rs.next();
            long finished = rs.getLong(1);
            long backlog = rs.getLong(2);
            long processed = rs.getLong(3);
            long depth = hub.queueDepth(QUEUE);
            if (finished != orders || backlog != 0 || processed != (long) orders * hops || depth != 0) {
                throw new IllegalStateException("hop chain K=" + hops + ": " + finished + "/" + orders
                        + " orders finished, outbox backlog " + backlog + ", " + processed + " messages processed, "
                        + depth + " on the queue");
            }
        }
    }

    private interface Body {
        void run() throws Exception;
    }

    private static Thread thread(String name, AtomicReference<Throwable> failure, Body body) {
        Thread t = new Thread(() -> {
            try {
                body.run();
            } catch (Throwable e) {
                failure.compareAndSet(null, e);
            }
        }, name);
        t.setDaemon(true);
        return t;
    }

    /**
     * Starts orders while a permit is free: one transaction writes the order's state row and its first hop's row.
     * Several producers, like the validation benchmark's 4 HTTP clients: the closed loop frees its permits in waves,
     * and one thread committing 128 orders one after the other left the consumers idle meanwhile.
     */
    private void produce(int total, AtomicLong nextOrder, Semaphore permits, AtomicBoolean running)
            throws Exception {
        try (Connection db = connect();
                PreparedStatement state = db.prepareStatement("insert into " + STATE
                        + " (order_id, hop, updated_at) values (?, 0, clock_timestamp())");
                PreparedStatement outbox = db.prepareStatement(INSERT)) {
            db.setAutoCommit(false);
            while (running.get()) {
                while (!permits.tryAcquire(100, TimeUnit.MILLISECONDS)) {
                    if (!running.get()) {
                        return;
                    }
                }
                long order = nextOrder.getAndIncrement();
                if (order >= total) {
                    return;
                }
                state.setLong(1, order);
                state.executeUpdate();
                writeHop(outbox, order, 1);
                db.commit();
            }
        }
    }

    /**
     * The open loop's producer: order i's hop 1 (state row + outbox row, one transaction) at start + i / rate, or at
     * once if that time has passed; {@code began} is taken just before the transaction.
     */
    private void offer(int count, double rate, long start, AtomicLong next, AtomicLongArray began,
            AtomicLongArray lateness, AtomicBoolean running) throws Exception {
        try (Connection db = connect();
                PreparedStatement state = db.prepareStatement("insert into " + STATE
                        + " (order_id, hop, updated_at) values (?, 0, clock_timestamp())");
                PreparedStatement outbox = db.prepareStatement(INSERT)) {
            db.setAutoCommit(false);
            int i;
            while (running.get() && (i = (int) next.getAndIncrement()) < count) {
                long due = start + (long) (i / rate * 1e9);
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                }
                long now = System.nanoTime();
                began.set(i, now);
                lateness.set(i, Math.max(0, now - due));
                long order = STEADY_BASE + i;
                state.setLong(1, order);
                state.executeUpdate();
                writeHop(outbox, order, 1);
                db.commit();
            }
        }
    }

    private void writeHop(PreparedStatement outbox, long order, int hop) throws SQLException {
        String aggregate = String.valueOf(order);
        Payloads.bind(outbox, QUEUE, aggregate, Payloads.json(hop, aggregate, 0, settings.hopsPayloadBytes()));
        outbox.executeUpdate();
    }

    /** The hub relay's loop without Camel: drain in batches, then wait for a NOTIFY (or the safety-net interval). */
    private void relay(jakarta.jms.Connection jms, AtomicBoolean running, AtomicLong batches) throws Exception {
        int pollMs = (int) hub.outbox.getPollInterval().toMillis();
        try (Connection db = connect();
                PreparedStatement claim = db.prepareStatement(CLAIM);
                PreparedStatement mark = db.prepareStatement(MARK)) {
            db.setAutoCommit(true);
            try (Statement listen = db.createStatement()) {
                listen.execute("LISTEN outbox_" + OUTBOX_SCHEMA); // the channel of the outbox's trigger
            }
            PGConnection notifications = db.unwrap(PGConnection.class);
            Session session = jms.createSession(true, Session.SESSION_TRANSACTED);
            MessageProducer producer = session.createProducer(session.createQueue(QUEUE));
            producer.setDeliveryMode(DeliveryMode.PERSISTENT);
            long[] ids = new long[batchSize];
            // the hub's policy (hub.outbox.mark-delay): rows sent are marked together once due, left out of claims
            SentRows sent = new SentRows(hub.outbox.getMarkDelay(), batchSize);
            while (running.get()) {
                int n;
                int limit;
                do {
                    n = 0;
                    limit = sent.claimLimit();
                    claim.setString(1, sent.ids());
                    claim.setInt(2, limit);
                    try (ResultSet rs = claim.executeQuery()) {
                        while (rs.next()) {
                            ids[n++] = rs.getLong("id");
                            TextMessage message = session.createTextMessage(rs.getString("payload"));
                            Payloads.envelope(message, rs.getString("message_id"), rs.getString("aggregate_id"));
                            producer.send(message);
                        }
                    }
                    if (n > 0) {
                        session.commit(); // before the mark: a crash in between re-sends, never loses
                        sent.add(java.util.Arrays.copyOf(ids, n), System.nanoTime());
                        batches.incrementAndGet();
                    }
                    if (sent.markDue(System.nanoTime())) {
                        mark(mark, sent);
                    }
                } while (n >= limit && running.get());
                // blocks until a commit notifies or the mark is due (at most the safety-net interval, or 200 ms to
                // see the stop)
                long wait = sent.untilMarkDue(System.nanoTime(), java.time.Duration.ofMillis(Math.min(pollMs, 200)))
                        .toMillis();
                notifications.getNotifications((int) Math.max(1, wait));
            }
            if (!sent.isEmpty()) {
                mark(mark, sent);
            }
        }
    }

    private static void mark(PreparedStatement mark, SentRows sent) throws SQLException {
        SentRows.Marks marks = sent.takeAll(System.nanoTime());
        mark.setString(1, PROCESSOR);
        mark.setString(2, marks.ids());
        mark.setString(3, marks.agesMicros());
        if (mark.executeUpdate() != marks.count()) {
            throw new IllegalStateException("hop relay: mark updated fewer rows than were sent");
        }
    }

    /** Told of each hop applied (not a duplicate), right after its database commit returned. */
    private interface Committed {
        void hop(long order, int hop, long nanoTime);
    }

    /**
     * One transacted JMS consumer: processed key, state row, next hop's outbox row; DB commit, then JMS commit.
     * {@code committed} (or null) hears of each applied hop at its database commit.
     */
    private void consume(jakarta.jms.Connection jms, int hops, AtomicBoolean running, Runnable done,
            AtomicLong hopsDone, AtomicLong duplicates, AtomicLong errors, Committed committed) throws Exception {
        try (Connection db = connect();
                PreparedStatement processed = db.prepareStatement("insert into orders.camel_messageprocessed "
                        + "(processorName, messageId, createdAt) values (?, ?, ?) on conflict do nothing");
                PreparedStatement state = db.prepareStatement("update " + STATE
                        + " set hop = ?, updated_at = clock_timestamp() where order_id = ?");
                PreparedStatement outbox = db.prepareStatement(INSERT)) {
            db.setAutoCommit(false);
            Session session = jms.createSession(true, Session.SESSION_TRANSACTED);
            MessageConsumer consumer = session.createConsumer(session.createQueue(QUEUE));
            while (running.get()) {
                Message message = consumer.receive(200);
                if (message == null) {
                    continue;
                }
                boolean last = false;
                boolean applied = false;
                int hop = 0;
                long order = 0;
                try {
                    String body = ((TextMessage) message).getText();
                    hop = Payloads.seq(body);
                    order = Long.parseLong(message.getStringProperty("aggregateId"));
                    processed.setString(1, PROCESSOR);
                    processed.setString(2, message.getStringProperty("messageId"));
                    processed.setTimestamp(3, new java.sql.Timestamp(System.currentTimeMillis()));
                    if (processed.executeUpdate() == 1) {
                        state.setInt(1, hop);
                        state.setLong(2, order);
                        if (state.executeUpdate() != 1) {
                            throw new IllegalStateException("no state row for order " + order);
                        }
                        if (hop < hops) {
                            writeHop(outbox, order, hop + 1);
                        } else {
                            last = true;
                        }
                        applied = true;
                    } else {
                        duplicates.incrementAndGet(); // already processed: acknowledge, do nothing
                    }
                    db.commit();
                    if (applied && committed != null) {
                        // the hop is durable here; a failed JMS commit below redelivers it as a duplicate
                        committed.hop(order, hop, System.nanoTime());
                    }
                    session.commit(); // the ack only after the database commit
                    hopsDone.incrementAndGet();
                } catch (SQLException | jakarta.jms.JMSException e) {
                    errors.incrementAndGet();
                    db.rollback();
                    session.rollback(); // redelivered
                    continue;
                }
                if (last) {
                    done.run();
                }
            }
        }
    }

    /** Lines of the phase table (HubBenchmark.report). */
    static String rows(Result r) {
        StringBuilder out = new StringBuilder();
        for (Run run : r.runs()) {
            out.append(String.format(Locale.ROOT, "| 4 | floor: minimal hop chain (JDBC + JMS, no Camel), K=%d durable "
                    + "hops per order, %d in flight, %d consumers, %,d orders | **%s orders/s** (%s hops/s ÷ K; "
                    + "completed %s/s) | per hop: JVM CPU %s (chain's threads %s, Artemis' %s, other Java threads %s, "
                    + "GC/JIT/VM %s; idle app %.0f ms/s), PostgreSQL "
                    + "backends %s, %.2f broker "
                    + "tx, %.1f rows per relay batch; CPU ceiling (%d cores ÷ CPU per order) %s orders/s | — |%n",
                    run.hops(), run.inFlight(), run.consumers(), run.orders(), Samples.rate(run.ordersPerSecond()),
                    Samples.rate(run.hopsPerSecond()), Samples.rate(run.completedPerSecond()),
                    Samples.ms(run.cpuMsPerHop()), Samples.ms(run.chainThreadsMsPerHop()),
                    Samples.ms(run.artemisMsPerHop()), Samples.ms(run.otherJavaThreadsMsPerHop()),
                    Samples.ms(run.vmInternalMsPerHop()), run.idleCpuMsPerSecond(),
                    Samples.ms(run.postgresMsPerHop()),
                    run.brokerTxPerHop(), run.rowsPerRelayBatch(), Runtime.getRuntime().availableProcessors(),
                    Samples.rate(run.cpuCeilingOrdersPerSecond())));
        }
        if (r.steady() != null) {
            out.append(steadyRow(r.steady(), "floor: minimal hop chain, open loop"));
        }
        return out.toString();
    }

    /** Lines of the table {@code all} prints after the saga flow: the open loop at the hub's two offered rates. */
    static String rows(Floor f) {
        return steadyRow(f.validated(), "latency floor of POST → VALIDATED (its hops " + VALIDATED_CRITICAL_HOPS
                + " and " + VALIDATED_HOPS + "): minimal hop chain, open loop")
                + steadyRow(f.approved(), "latency floor of POST → APPROVED (its hops " + APPROVED_CRITICAL_HOPS
                        + " and " + APPROVED_HOPS + "): minimal hop chain, open loop");
    }

    private static String steadyRow(Steady st, String what) {
        return String.format(Locale.ROOT, "| 4 | %s: %,d orders of K=%d "
                + "offered at %s orders/s (%s; hop 1 began at %s/s, producers late p99 %s, "
                + "max %s), from just before hop 1's transaction to the DB commit of hop %d (~ VALIDATED) / hop %d "
                + "(~ APPROVED); hop %d / hop %d: the saga's sequential hops to VALIDATED / APPROVED | hop %d: "
                + "**%s**; hop %d: **%s** | hop %d: %s; hop %d: %s; %.2f cores busy (JVM + PostgreSQL backends); "
                + "%d duplicates, %d failed attempts | — |%n", what, st.orders(), APPROVED_HOPS,
                Samples.rate(st.offeredPerSecond()), st.offeredAs(), Samples.rate(st.startedPerSecond()),
                Samples.ms(st.lateness().percentileMs(99)), Samples.ms(st.lateness().maxMs()), VALIDATED_HOPS,
                APPROVED_HOPS, VALIDATED_CRITICAL_HOPS, APPROVED_CRITICAL_HOPS, VALIDATED_HOPS,
                st.summary(VALIDATED_HOPS), APPROVED_HOPS, st.summary(APPROVED_HOPS), VALIDATED_CRITICAL_HOPS,
                st.summary(VALIDATED_CRITICAL_HOPS), APPROVED_CRITICAL_HOPS, st.summary(APPROVED_CRITICAL_HOPS),
                st.coresBusy(), st.duplicates(), st.errors());
    }
}
