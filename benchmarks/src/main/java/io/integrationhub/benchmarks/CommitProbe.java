package io.integrationhub.benchmarks;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * What one durable commit costs on this machine while a run goes on: a transaction of its own connection that takes
 * a transaction id ({@code pg_current_xact_id()}, so its commit writes a commit record) and commits, every 100 ms,
 * timed around the commit alone. With {@code synchronous_commit=on} that commit waits for the WAL flush, the same
 * wait every commit of the hub and of the hop chain has. Ten probe transactions a second next to the hub's hundreds
 * do not change the run.
 *
 * <p>Why: the tails of the saga's latencies are not spread evenly. When the disk's flush stalls (here up to a few
 * hundred milliseconds, a few times a minute, on a database left unvacuumed: benchmarks/README.md), every commit in
 * that moment waits, and so does every order with a message in flight. A probe that saw those stalls says how much of
 * a run's p99 no implementation with durable commits could have avoided in that run.
 */
final class CommitProbe implements AutoCloseable {

    /** A commit slower than this counts as a stall. */
    static final long STALL_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

    /** One probe commit: when it began (epoch microseconds) and how long it took (nanoseconds). */
    record Commit(long startMicros, long nanos) {
    }

    /** The commits a probe saw, and which orders were in flight during a stall. */
    record Result(Samples commits, List<Commit> stalls) {

        /**
         * Of the {@code slowest} orders of a run (by latency from {@code from} to {@code to}, epoch microseconds), how
         * many were in flight during a stall.
         */
        int slowestDuringStall(Map<Long, Long> from, Map<Long, Long> to, Set<Long> orders, int slowest) {
            return (int) orders.stream().sorted((a, b) -> Long.compare(to.get(b) - from.get(b), to.get(a) - from.get(a)))
                    .limit(slowest).filter(id -> stalls.stream().anyMatch(s -> s.startMicros() <= to.get(id)
                            && s.startMicros() + s.nanos() / 1000 >= from.get(id)))
                    .count();
        }

        String describe() {
            long max = stalls.stream().mapToLong(Commit::nanos).max().orElse(0);
            return String.format(java.util.Locale.ROOT, "p50 %s, p99 %s, max %s; %d over %d ms%s",
                    Samples.ms(commits.percentileMs(50)), Samples.ms(commits.percentileMs(99)),
                    Samples.ms(commits.maxMs()), stalls.size(), TimeUnit.NANOSECONDS.toMillis(STALL_NANOS),
                    stalls.isEmpty() ? "" : " (longest " + Samples.ms(max / 1e6) + ")");
        }
    }

    private final Connection connection;
    private final Thread thread;
    private final List<Commit> commits = new ArrayList<>();
    private volatile boolean running = true;
    private volatile Exception failure;

    private CommitProbe(String url, String user, String password) throws Exception {
        connection = DriverManager.getConnection(url, user, password);
        connection.setAutoCommit(false);
        thread = new Thread(this::probe, "bench-commit-probe");
        thread.setDaemon(true);
        thread.start();
    }

    static CommitProbe start(String url, String user, String password) throws Exception {
        return new CommitProbe(url, user, password);
    }

    private void probe() {
        try (Statement statement = connection.createStatement()) {
            while (running) {
                statement.execute("select pg_current_xact_id()");
                long startMicros = System.currentTimeMillis() * 1000;
                long t0 = System.nanoTime();
                connection.commit();
                long nanos = System.nanoTime() - t0;
                synchronized (commits) {
                    commits.add(new Commit(startMicros, nanos));
                }
                TimeUnit.MILLISECONDS.sleep(100);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            failure = e;
        }
    }

    /** Stops the probe and returns what it saw. */
    Result stop() throws Exception {
        halt();
        if (failure != null) {
            throw new IllegalStateException("commit probe failed: " + failure.getMessage(), failure);
        }
        synchronized (commits) {
            return new Result(new Samples(commits.stream().mapToLong(Commit::nanos).toArray()),
                    commits.stream().filter(c -> c.nanos() > STALL_NANOS).toList());
        }
    }

    @Override
    public void close() throws Exception {
        halt();
        connection.close();
    }

    private void halt() throws InterruptedException {
        running = false;
        thread.join(5_000);
    }
}
