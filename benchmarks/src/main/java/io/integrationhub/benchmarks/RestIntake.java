package io.integrationhub.benchmarks;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Phase 2: {@code POST /api/v1/orders} over real HTTP (order, line item, history, saga instance and steps, 3 outbox
 * rows in one transaction, plus the reads around it) versus {@link IntakeBaseline}, a plain JDBC transaction writing
 * a copy of the same rows, with the same number of concurrent clients on the application's own connection pool. No
 * relay runs in either, so both measure intake.
 */
final class RestIntake {

    record Run(int count, long nanos, Samples latency, int errors, String firstError, long cpuNanos) {
        double perSecond() {
            return count / (nanos / 1e9);
        }
    }

    /**
     * @param writesPerOrder rows each accepted order added per table, e.g. "orders 1, outbox 3"
     * @param baselineWrites what one baseline transaction writes, e.g. "orders 1, order_line_items 1, …"
     * @param baselineStatements statements per baseline transaction (one round trip each), the commit not counted
     */
    record Result(Run rest, Run jdbc, int clients, String writesPerOrder, String baselineWrites,
            int baselineStatements) {
    }

    @FunctionalInterface
    interface Call {
        /** @return null when it succeeded, else what went wrong */
        String run(int i) throws Exception;
    }

    private final HubUnderTest hub;
    private final Settings settings;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final URI orders;
    private IntakeBaseline baseline;

    RestIntake(HubUnderTest hub) {
        this.hub = hub;
        this.settings = hub.settings;
        this.orders = URI.create("http://127.0.0.1:" + hub.httpPort + "/api/v1/orders");
    }

    Result run() throws Exception {
        Progress.say("phase 2: REST intake vs. plain JDBC transaction writing the same rows (%,d each, %d concurrent clients)",
                settings.restOrders(), settings.clients());
        if (settings.restWarmup() > 0) {
            concurrently("REST warm-up", settings.restWarmup(), "orders", this::post);
        }
        var before = hub.rowCounts();
        Run rest = concurrently("REST", settings.restOrders(), "orders", this::post);
        var after = hub.rowCounts();
        StringBuilder writes = new StringBuilder();
        after.forEach((table, count) -> {
            long added = count - before.getOrDefault(table, 0L);
            if (added > 0) {
                writes.append(writes.length() == 0 ? "" : ", ").append(table).append(' ')
                        .append(Samples.ratio((double) added / (rest.count() - rest.errors())).replace(".00", ""));
            }
        });
        Progress.say("  REST: rows written per order: %s", writes);
        baseline = IntakeBaseline.of(hub.dataSource);
        Progress.say("  JDBC baseline: one transaction of %d statements writing %s (copied from the hub's last order)",
                baseline.statements(), baseline.rows());
        hub.clearOutbox();
        if (settings.restWarmup() > 0) {
            concurrently("JDBC warm-up", settings.restWarmup(), "tx", this::jdbc);
        }
        Run jdbc = concurrently("JDBC", settings.restOrders(), "tx", this::jdbc);
        hub.clearOutbox();
        return new Result(rest, jdbc, settings.clients(), writes.toString(), baseline.rows(), baseline.statements());
    }

    private String post(int i) throws Exception {
        String body = "{\"consumerId\":\"c-" + (i % 100) + "\",\"restaurantId\":\"r-ajanta\","
                + "\"lineItems\":[{\"menuItemId\":\"naan\",\"quantity\":2}]}";
        HttpRequest request = HttpRequest.newBuilder(orders).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json").header("Accept", "application/hal+json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        return response.statusCode() == 202 ? null : "HTTP " + response.statusCode() + ": " + response.body();
    }

    private String jdbc(int i) throws Exception {
        try (Connection c = hub.dataSource.getConnection()) {
            baseline.write(c, i);
        }
        return null;
    }

    private Run concurrently(String phase, int count, String unit, Call call) throws Exception {
        long[] latency = new long[count];
        AtomicInteger next = new AtomicInteger();
        AtomicInteger done = new AtomicInteger();
        AtomicInteger errors = new AtomicInteger();
        AtomicReference<String> firstError = new AtomicReference<>();
        int clients = settings.clients();
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        long cpu = Cpu.processNanos();
        long start = System.nanoTime();
        long elapsed;
        try (Progress p = Progress.start(phase, count, unit, done::get)) {
            Future<?>[] workers = new Future<?>[clients];
            for (int w = 0; w < clients; w++) {
                workers[w] = pool.submit(() -> {
                    for (int i = next.getAndIncrement(); i < count; i = next.getAndIncrement()) {
                        long t0 = System.nanoTime();
                        String error;
                        try {
                            error = call.run(i);
                        } catch (Exception e) {
                            error = e.toString();
                        }
                        latency[i] = System.nanoTime() - t0;
                        if (error != null) {
                            errors.incrementAndGet();
                            firstError.compareAndSet(null, error);
                        }
                        done.incrementAndGet();
                    }
                    return null;
                });
            }
            for (Future<?> worker : workers) {
                worker.get();
            }
            elapsed = System.nanoTime() - start;
            cpu = Cpu.processNanos() - cpu;
        } finally {
            pool.shutdownNow();
        }
        Run run = new Run(count, elapsed, new Samples(latency), errors.get(), firstError.get(), cpu);
        Progress.say("  %s: %,d %s in %s -> %s %s/s, p50 %s, p99 %s, JVM CPU %s per %s%s", phase, count, unit,
                Samples.seconds(elapsed), Samples.rate(run.perSecond()), unit, Samples.ms(run.latency().percentileMs(50)),
                Samples.ms(run.latency().percentileMs(99)), Cpu.perOp(cpu, count), unit.replaceAll("s$", ""),
                run.errors() == 0 ? "" : ", " + run.errors() + " FAILED (first: " + run.firstError() + ")");
        return run;
    }
}
