package io.integrationhub.benchmarks;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * Phase 2: {@code POST /api/v1/orders} over real HTTP (order, line item, history, saga instance and steps, 3 outbox
 * rows in one transaction, plus the reads around it) versus {@link IntakeBaseline}, a plain JDBC transaction writing
 * a copy of the same rows, with the same number of concurrent clients on the application's own connection pool. No
 * relay runs in either, so both measure intake. Between them, {@link IntakePeer}: the baseline's transaction behind
 * a plain Spring MVC controller on the same HTTP stack, loaded by the same client. The three run in turns.
 */
final class RestIntake {

    record Run(int count, long nanos, Samples latency, int errors, String firstError, long cpuNanos) {
        double perSecond() {
            return count / (nanos / 1e9);
        }

        /** Two turns of the same path as one run: their requests, times, latencies and CPU added up. */
        Run plus(Run other) {
            return new Run(count + other.count, nanos + other.nanos, latency.plus(other.latency),
                    errors + other.errors, firstError != null ? firstError : other.firstError,
                    cpuNanos + other.cpuNanos);
        }
    }

    /**
     * @param peer the plain Spring MVC peer ({@link IntakePeer}), measured in turns with the hub
     * @param writesPerOrder rows each accepted order added per table, e.g. "orders 1, outbox 3"
     * @param baselineWrites what one baseline transaction writes, e.g. "orders 1, order_line_items 1, …"
     * @param baselineStatements statements per baseline transaction (one round trip each), the commit not counted
     */
    record Result(Run rest, Run jdbc, Run peer, int clients, String writesPerOrder, String baselineWrites,
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
    private final URI peerOrders;
    private IntakeBaseline baseline;

    RestIntake(HubUnderTest hub) {
        this.hub = hub;
        this.settings = hub.settings;
        this.orders = URI.create("http://127.0.0.1:" + hub.httpPort + "/api/v1/orders");
        this.peerOrders = URI.create("http://127.0.0.1:" + hub.httpPort + IntakePeer.PATH);
    }

    Result run() throws Exception {
        Progress.say("phase 2: REST intake vs. a plain Spring MVC peer (%s) vs. plain JDBC transaction writing the same "
                + "rows (%,d each, %d concurrent clients; the three in %d turns)", IntakePeer.PATH,
                settings.restOrders(), settings.clients(), settings.restRounds());
        if (settings.restWarmup() > 0) {
            concurrently("REST warm-up", settings.restWarmup(), "orders", this::post);
        } else {
            post(0); // the order the baseline and the peer copy
        }
        baseline = IntakeBaseline.of(hub.dataSource);
        hub.context.getBean(IntakePeer.class).copy(baseline);
        Progress.say("  JDBC baseline and peer: one transaction of %d statements writing %s (copied from the hub's "
                + "last order)", baseline.statements(), baseline.rows());
        if (settings.restWarmup() > 0) {
            concurrently("peer warm-up", settings.restWarmup(), "orders", this::peer);
            concurrently("JDBC warm-up", settings.restWarmup(), "tx", this::jdbc);
        }
        // the three paths in turns, each turn's order reversed (hub, peer, JDBC, JDBC, peer, hub, ...): load drift on
        // this shared machine hits all three, and all three write into the same, equally grown tables
        String[] names = { "REST", "peer", "JDBC" };
        String[] units = { "orders", "orders", "tx" };
        Call[] calls = { this::post, this::peer, this::jdbc };
        Run[] runs = new Run[3];
        List<Map<String, Long>> added = List.of(new TreeMap<>(), new TreeMap<>(), new TreeMap<>());
        int rounds = settings.restRounds();
        for (int r = 0; r < rounds; r++) {
            int n = settings.restOrders() / rounds + (r < settings.restOrders() % rounds ? 1 : 0);
            for (int k = 0; k < 3; k++) {
                int path = r % 2 == 0 ? k : 2 - k;
                var before = hub.rowCounts();
                Run part = concurrently(names[path] + " " + (r + 1) + "/" + rounds, n, units[path], calls[path]);
                added(added.get(path), before, hub.rowCounts());
                runs[path] = runs[path] == null ? part : runs[path].plus(part);
            }
        }
        for (int path = 0; path < 3; path++) {
            say(names[path], runs[path], units[path]);
        }
        Progress.say("  same HTTP stack: a wrong Basic login answers %s at the hub and %s at the peer (Security's "
                + "filter chain read both); http.server.requests timed %s hub and %s peer requests", wrongLogin(orders),
                wrongLogin(peerOrders), observed("/api/v1/orders"), observed(IntakePeer.PATH));
        String writes = perOrder(added.get(0), runs[0]);
        for (int path = 0; path < 3; path++) {
            Progress.say("  %s: rows written per %s: %s", names[path], units[path].replaceAll("s$", ""),
                    path == 0 ? writes : perOrder(added.get(path), runs[path]));
        }
        hub.clearOutbox();
        return new Result(runs[0], runs[2], runs[1], settings.clients(), writes, baseline.rows(),
                baseline.statements());
    }

    private static void added(Map<String, Long> into, Map<String, Long> before, Map<String, Long> after) {
        after.forEach((table, count) -> into.merge(table, count - before.getOrDefault(table, 0L), Long::sum));
    }

    /** "orders 1, outbox 3": rows each accepted order added per table. */
    private static String perOrder(Map<String, Long> added, Run run) {
        StringBuilder writes = new StringBuilder();
        added.forEach((table, count) -> {
            if (count > 0) {
                writes.append(writes.length() == 0 ? "" : ", ").append(table).append(' ')
                        .append(Samples.ratio((double) count / (run.count() - run.errors())).replace(".00", ""));
            }
        });
        return writes.toString();
    }

    /** Status of a POST with a Basic login no user has: BasicAuthenticationFilter refuses it on any path it sees. */
    private String wrongLogin(URI uri) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json").header("Authorization", "Basic bm8tc3VjaDp1c2Vy")
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build();
        return "HTTP " + http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    /** Requests Boot's HTTP observation recorded for a path (a path it did not see: 0). */
    private long observed(String uri) {
        return hub.context.getBean(MeterRegistry.class).find("http.server.requests").tag("uri", uri).timers().stream()
                .mapToLong(Timer::count).sum();
    }

    private String post(int i) throws Exception {
        return post(orders, i);
    }

    private String peer(int i) throws Exception {
        return post(peerOrders, i);
    }

    /** The same request, body and client for the hub and for the peer. */
    private String post(URI uri, int i) throws Exception {
        String body = "{\"consumerId\":\"c-" + (i % 100) + "\",\"restaurantId\":\"r-ajanta\","
                + "\"lineItems\":[{\"menuItemId\":\"naan\",\"quantity\":2}]}";
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30))
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
        say(phase, run, unit);
        return run;
    }

    private static void say(String phase, Run run, String unit) {
        Progress.say("  %s: %,d %s in %s -> %s %s/s, p50 %s, p99 %s, JVM CPU %s per %s%s", phase, run.count(), unit,
                Samples.seconds(run.nanos()), Samples.rate(run.perSecond()), unit,
                Samples.ms(run.latency().percentileMs(50)), Samples.ms(run.latency().percentileMs(99)),
                Cpu.perOp(run.cpuNanos(), run.count()), unit.replaceAll("s$", ""),
                run.errors() == 0 ? "" : ", " + run.errors() + " FAILED (first: " + run.firstError() + ")");
    }
}
