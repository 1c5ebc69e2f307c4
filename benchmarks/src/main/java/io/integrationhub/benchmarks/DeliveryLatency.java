package io.integrationhub.benchmarks;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

import jakarta.jms.MessageConsumer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;

/**
 * Phase 3: with the relay running, single-row transactions committed at a steady rate; a JMS consumer on the
 * destination records when each arrives. Latency = arrival - the moment {@code commit()} returned (same JVM, same
 * monotonic clock), so it covers NOTIFY, the relay's claim, the JMS commit and the delivery to a consumer.
 */
final class DeliveryLatency {

    static final String QUEUE = "bench.latency";

    record Result(int measured, int missing, int early, Samples latency, Samples commit, Duration pollInterval,
            int rate, int seconds, BrokerSendAudit.Counts sends) {
    }

    private final HubUnderTest hub;
    private final Settings settings;

    DeliveryLatency(HubUnderTest hub) {
        this(hub, hub.settings);
    }

    /** @param settings the hub's, e.g. with another {@code latency.rate} */
    DeliveryLatency(HubUnderTest hub, Settings settings) {
        this.hub = hub;
        this.settings = settings;
    }

    Result run() throws Exception {
        int rate = settings.latencyRate();
        int warmup = rate * settings.latencyWarmupSeconds();
        int total = warmup + rate * settings.latencySeconds();
        Duration poll = hub.outbox.getPollInterval();
        Progress.say("phase 3: outbox delivery latency, commit -> on broker (%d rows/s for %d s after %d s warm-up; "
                + "hub.outbox.poll-interval=%s)", rate, settings.latencySeconds(), settings.latencyWarmupSeconds(),
                Samples.duration(poll));
        hub.clearOutbox();
        hub.createQueue(QUEUE);
        hub.purge(QUEUE);

        long[] committedAt = new long[total];
        long[] commitTook = new long[total];
        long[] arrivedAt = new long[total];
        AtomicInteger received = new AtomicInteger();
        try (jakarta.jms.Connection jms = hub.jmsConnectionFactory().createConnection()) {
            Session session = jms.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageConsumer consumer = session.createConsumer(session.createQueue(QUEUE));
            consumer.setMessageListener(message -> {
                long now = System.nanoTime();
                try {
                    arrivedAt[Payloads.seq(((TextMessage) message).getText())] = now;
                } catch (Exception e) {
                    System.out.println("  latency consumer: unexpected message " + message + ": " + e);
                }
                received.incrementAndGet();
            });
            jms.start();
            hub.startRelayAndAwaitActive(Duration.ofSeconds(30));
            hub.latencyQueueAudit.takeCounts();

            AtomicInteger committed = new AtomicInteger();
            try (Connection c = hub.dataSource.getConnection(); PreparedStatement insert = Payloads.prepareInsert(c);
                    Progress p = Progress.start("latency", total, "rows committed (incl. warm-up)", committed::get)) {
                c.setAutoCommit(false);
                long period = 1_000_000_000L / rate;
                long start = System.nanoTime();
                for (int i = 0; i < total; i++) {
                    long due = start + i * period;
                    long wait = due - System.nanoTime();
                    if (wait > 0) {
                        LockSupport.parkNanos(wait);
                    }
                    String aggregate = Payloads.aggregate(i, settings.aggregates());
                    long before = System.nanoTime();
                    Payloads.bind(insert, QUEUE, aggregate, Payloads.json(i, aggregate, before, settings.payloadBytes()));
                    insert.executeUpdate();
                    c.commit();
                    committedAt[i] = System.nanoTime();
                    commitTook[i] = committedAt[i] - before;
                    committed.set(i + 1);
                }
                c.setAutoCommit(true);
            }
            long deadline = System.nanoTime() + poll.plusSeconds(10).toNanos();
            while (received.get() < total && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            Progress.say("  latency: %,d/%,d received", received.get(), total);
        } finally {
            hub.stopRelay();
        }
        BrokerSendAudit.Counts sends = hub.latencyQueueAudit.takeCounts();
        hub.purge(QUEUE);
        hub.clearOutbox();

        long[] latencies = new long[total - warmup];
        int n = 0;
        int missing = 0;
        int early = 0;
        for (int i = warmup; i < total; i++) {
            if (arrivedAt[i] == 0) {
                missing++;
                continue;
            }
            long latency = arrivedAt[i] - committedAt[i];
            if (latency < 0) {
                early++; // on the broker before commit() had returned to the writer
                latency = 0;
            }
            latencies[n++] = latency;
        }
        Samples samples = new Samples(Arrays.copyOf(latencies, n));
        Samples commits = new Samples(Arrays.copyOfRange(commitTook, warmup, total));
        Progress.say("  latency: p50 %s, p99 %s, max %s over %,d rows (%d missing); insert+commit p50 %s; broker saw %s",
                Samples.ms(samples.percentileMs(50)), Samples.ms(samples.percentileMs(99)), Samples.ms(samples.maxMs()),
                n, missing, Samples.ms(commits.percentileMs(50)), sends);
        return new Result(total - warmup, missing, early, samples, commits, poll, rate, settings.latencySeconds(),
                sends);
    }
}
