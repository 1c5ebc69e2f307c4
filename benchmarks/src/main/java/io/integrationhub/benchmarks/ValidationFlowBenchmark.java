package io.integrationhub.benchmarks;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

import io.integrationhub.order.OrderApplication;
import io.integrationhub.partners.PartnerAdaptersApplication;

/**
 * End-to-end POST /api/v1/orders → VALIDATED (both validations of the create-order saga answered) and → APPROVED (the
 * whole saga: both validations, the kitchen's ticket, the card authorization through the simulated legacy REST system,
 * the ticket's confirmation — every message over the broker and through the outboxes), and the GetConsumer
 * request/reply round trip, with order-app and the partner adapters in one JVM as in embedded mode.
 *
 * <p>A closed-loop burst finds the maximum rates (orders reaching VALIDATED, and APPROVED, per second, from the first
 * POST to the last order's state change); the burst also says what each order costs: database transactions
 * (PostgreSQL's own {@code pg_stat_database} commit and rollback counters, the idle background rate subtracted) and
 * broker transactions (a broker plugin, {@link BrokerTransactions}), and JVM CPU. Then orders are offered at half the
 * VALIDATED rate and at half the APPROVED rate, and each order's latency is from the client's POST (wall clock, taken
 * before sending) to the state's row in {@code orders.order_history} ({@code clock_timestamp()} of the transaction
 * that entered it; one machine, one clock); each saga step's latency from its log (command written → reply applied).
 * Run with {@code benchmarks/run.sh validation [orders=1000] [burst=600] [clients=4]}; database hub_bench_flow.
 */
final class ValidationFlowBenchmark {

    private static final String SECRET = UUID.randomUUID().toString();

    /** hub_bench_flow unless db.url names another hub_bench_* database (several sessions may measure at once). */
    private static String DB = "jdbc:postgresql://127.0.0.1:5432/hub_bench_flow";

    /** What one run measured; {@link #table} prints it. */
    record Result(int burst, int clients, double validatedPerSecond, double approvedPerSecond, double dbTxPerOrder,
            double brokerTxPerOrder, String brokerTransactions, double cpuMsPerOrder, double postgresCpuMsPerOrder,
            Steady validated,
            Steady approved, Map<String, Samples> steps, Samples queryOverHttp, Samples queryOverJms) {
    }

    /**
     * Orders offered at a fixed rate, and their latency to one state: in all, and split where the order is created
     * (its first order_history row, written in the POST's transaction) into the intake (POST sent → created) and the
     * saga (created → state); beside them the POST's own response time as the client saw it.
     */
    record Steady(String state, double offeredPerSecond, Samples latency, Samples intake, Samples saga,
            Samples response, Wal wal, CommitProbe.Result commits, int slowestDuringStall) {

        /** How many orders are "the slowest 1 %" of this run (at least one). */
        static int slowest(int orders) {
            return Math.max(1, orders / 100);
        }

        /** The commit probe's numbers, then how many of the slowest 1 % were in flight during a stall. */
        String commitStalls() {
            return commits.describe() + "; " + slowestDuringStall + " of " + slowest(latency.count());
        }
    }

    /**
     * What PostgreSQL's WAL did during a run: checkpoints begun, WAL bytes and full-page images. After a checkpoint
     * begins, the first change of every page writes the whole page into the WAL (full_page_writes), so each commit's
     * flush carries more and waits longer for a while: a tail that a run without a checkpoint does not have.
     */
    record Wal(long checkpoints, long bytes, long fullPageImages) {

        static Wal now(JdbcTemplate jdbc) {
            return jdbc.queryForObject("select (select checkpoints_timed + checkpoints_req from pg_stat_bgwriter), "
                    + "wal_bytes::bigint, wal_fpi from pg_stat_wal",
                    (rs, row) -> new Wal(rs.getLong(1), rs.getLong(2), rs.getLong(3)));
        }

        Wal since(Wal before) {
            return new Wal(checkpoints - before.checkpoints, bytes - before.bytes,
                    fullPageImages - before.fullPageImages);
        }
    }

    private static final String HELP = """
            benchmarks/run.sh validation [key=value ...]
              orders=1000            orders of each steady run (at 50 % of the burst's VALIDATED / APPROVED rate)
              burst=600              orders of the closed-loop burst
              clients=4              closed-loop clients of the burst (and of the steady runs)
              warmup=500             orders to APPROVED before measuring
              round-trips=1000       GetConsumer calls over HTTP and over JMS
              db.url=jdbc:postgresql://127.0.0.1:5432/hub_bench_flow   a hub_bench_* database
            """;

    public static void main(String[] args) throws Exception {
        Map<String, String> options = new java.util.HashMap<>();
        for (String arg : args) {
            String[] kv = arg.split("=", 2);
            if (kv.length < 2 || !HELP.contains("  " + kv[0] + "=")) {
                // "help", a typo or an unknown key: say what there is instead of running ten minutes on defaults
                System.out.println(HELP);
                if (arg.equals("help") || arg.equals("--help")) {
                    return;
                }
                throw new IllegalArgumentException("unknown setting: " + arg);
            }
            options.put(kv[0], kv[1]);
        }
        DB = options.getOrDefault("db.url", DB);
        if (!DB.matches(".*/hub_bench_[a-z0-9_]+$")) {
            throw new IllegalArgumentException("db.url must name a hub_bench_* database: " + DB);
        }
        Result result = run(Integer.parseInt(options.getOrDefault("orders", "1000")),
                Integer.parseInt(options.getOrDefault("burst", "600")),
                Integer.parseInt(options.getOrDefault("clients", "4")),
                Integer.parseInt(options.getOrDefault("warmup", "500")),
                Integer.parseInt(options.getOrDefault("round-trips", "1000")));
        System.out.printf("%n## Create-order saga and request/reply — %s%n%n", java.time.Instant.now());
        System.out.printf("- %d cores, %s; order-app + partner-adapters + embedded Artemis in one JVM, "
                + "PostgreSQL on localhost%n%n", Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
        System.out.println(table(result));
        System.exit(0); // the HTTP client's and the broker's leftover threads must not keep the JVM alive
    }

    static Result run(int orders, int burst, int clients, int warmup, int roundTrips) throws Exception {
        HubUnderTest.ensureDatabase(DB, "postgres", "");
        try (ConfigurableApplicationContext hub = start()) {
            int port = ((WebServerApplicationContext) hub).getWebServer().getPort();
            JdbcTemplate jdbc = hub.getBean(JdbcTemplate.class);
            BrokerTransactions brokerTransactions = new BrokerTransactions();
            hub.getBean(org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ.class).getActiveMQServer()
                    .registerBrokerPlugin(brokerTransactions);
            jdbc.execute("truncate orders.orders cascade");
            HubHttp http = new HubHttp(port, SECRET);
            HubHttp.LoadData load = http.createLoadData();
            String order = "{\"consumerId\":\"" + load.consumer() + "\",\"restaurantId\":\"" + load.restaurant()
                    + "\",\"lineItems\":[{\"menuItemId\":\"dal\",\"quantity\":1}]}";

            Progress.say("validation: warm-up, %d orders to APPROVED, %d closed-loop clients", warmup, clients);
            offer(http, order, warmup, clients, 0, jdbc);
            jdbc.execute("truncate orders.orders cascade");
            vacuum(jdbc);
            DatabaseTransactions dbTransactions = DatabaseTransactions.settle(jdbc);

            Progress.say("validation: burst, %d orders, %d closed-loop clients", burst, clients);
            brokerTransactions.take();
            long ownQueries = OWN_QUERIES.get();
            PostgresCpu postgresCpu = PostgresCpu.start(jdbc.getDataSource());
            long cpu = Cpu.processNanos();
            Map<Long, Long> posted = offer(http, order, burst, clients, 0, jdbc);
            cpu = Cpu.processNanos() - cpu;
            double postgresMs = postgresCpu.ms();
            double dbTx = (dbTransactions.since() - (OWN_QUERIES.get() - ownQueries)) / burst; // waits until the sessions reported, so the saga's tail is in
            BrokerTransactions.Counts broker = brokerTransactions.take();
            double validatedRate = burst / spanSeconds(posted, reached(jdbc, "VALIDATED"));
            double approvedRate = burst / spanSeconds(posted, reached(jdbc, "APPROVED"));
            Progress.say("validation: burst reached VALIDATED at %.0f orders/s, APPROVED at %.0f orders/s; %.1f database"
                    + " and %.1f broker transactions per order", validatedRate, approvedRate, dbTx,
                    broker.total() / (double) burst);

            Steady validated = steady(http, order, orders, clients, validatedRate / 2, jdbc, "VALIDATED");
            Steady approved = steady(http, order, orders, clients, approvedRate / 2, jdbc, "APPROVED");
            Map<String, Samples> steps = stepLatencies(jdbc);

            Progress.say("validation: request/reply, %d GET /api/v1/consumers/{id} and %d in-JVM JMS round trips",
                    roundTrips, roundTrips);
            long[] viaHttp = new long[roundTrips];
            for (int i = 0; i < roundTrips; i++) {
                long t = System.nanoTime();
                if (http.get("/api/v1/consumers/" + load.consumer()).statusCode() != 200) {
                    throw new IllegalStateException("GET consumer failed");
                }
                viaHttp[i] = System.nanoTime() - t;
            }
            ProducerTemplate producer = hub.getBean(CamelContext.class).createProducerTemplate();
            long[] viaJms = new long[roundTrips];
            for (int i = 0; i < roundTrips; i++) {
                long t = System.nanoTime();
                producer.requestBodyAndHeaders("jms:queue:consumer.queries?exchangePattern=InOut&requestTimeout=2000",
                        "{\"consumerId\":\"" + load.consumer() + "\"}",
                        Map.of("messageType", "GetConsumer", "messageId", UUID.randomUUID().toString()), String.class);
                viaJms[i] = System.nanoTime() - t;
            }
            return new Result(burst, clients, validatedRate, approvedRate, dbTx, broker.total() / (double) burst,
                    broker.toString(), cpu / 1e6 / burst, postgresMs / burst, validated, approved, steps,
                    new Samples(viaHttp), new Samples(viaJms));
        }
    }

    static String table(Result r) {
        StringBuilder out = new StringBuilder("| measurement | value |\n|---|---|\n");
        out.append(String.format(Locale.ROOT, "| POST → VALIDATED, closed-loop burst (%d orders, %d clients) | "
                + "**%.0f orders/s** |%n", r.burst(), r.clients(), r.validatedPerSecond()));
        out.append(String.format(Locale.ROOT, "| POST → APPROVED, the same burst | **%.0f orders/s** |%n",
                r.approvedPerSecond()));
        out.append(String.format(Locale.ROOT, "| — per order in that burst: database transactions (pg_stat_database, "
                + "idle background and the benchmark's polls subtracted) / broker transactions / JVM CPU / PostgreSQL backends' CPU | "
                + "%.1f / %.1f (%s) / %.2f ms / %.2f ms |%n", r.dbTxPerOrder(), r.brokerTxPerOrder(),
                r.brokerTransactions(), r.cpuMsPerOrder(), r.postgresCpuMsPerOrder()));
        for (Steady s : List.of(r.validated(), r.approved())) {
            out.append(String.format(Locale.ROOT, "| POST → %s latency at %.0f orders/s (50 %% of its burst rate; %d "
                    + "orders) | p50 **%s**, p99 **%s**, max %s |%n", s.state(), s.offeredPerSecond(),
                    s.latency().count(), Samples.ms(s.latency().percentileMs(50)),
                    Samples.ms(s.latency().percentileMs(99)), Samples.ms(s.latency().maxMs())));
            out.append(String.format(Locale.ROOT, "| — split where the order is created (its first order_history row, "
                    + "in the POST's transaction): POST sent → created / created → %s; the POST's response time | "
                    + "p50 %s / %s / %s, p99 %s / %s / %s |%n", s.state(), Samples.ms(s.intake().percentileMs(50)),
                    Samples.ms(s.saga().percentileMs(50)), Samples.ms(s.response().percentileMs(50)),
                    Samples.ms(s.intake().percentileMs(99)), Samples.ms(s.saga().percentileMs(99)),
                    Samples.ms(s.response().percentileMs(99))));
            out.append(String.format(Locale.ROOT, "| — PostgreSQL during that run (the whole server): checkpoints "
                    + "begun / WAL written / full-page images in it | %d / %.0f MB / %,d |%n", s.wal().checkpoints(),
                    s.wal().bytes() / 1e6, s.wal().fullPageImages()));
            out.append(String.format(Locale.ROOT, "| — a durable commit during that run (a probe's own transaction "
                    + "every 100 ms, timed around its commit: the WAL flush every commit waits for); of the %d slowest "
                    + "orders, in flight during a stall | %s |%n", Steady.slowest(s.latency().count()),
                    s.commitStalls()));
        }
        r.steps().forEach((step, samples) -> out.append(String.format(Locale.ROOT, "| saga step %s, the APPROVED steady run:"
                + " command written → reply applied (%d) | p50 **%s**, p99 **%s** |%n", step, samples.count(),
                Samples.ms(samples.percentileMs(50)), Samples.ms(samples.percentileMs(99)))));
        out.append(String.format(Locale.ROOT, "| GetConsumer over HTTP → JMS InOut (temporary reply queue) → HTTP, %d "
                + "sequential | p50 **%s**, p99 **%s** |%n", r.queryOverHttp().count(),
                Samples.ms(r.queryOverHttp().percentileMs(50)), Samples.ms(r.queryOverHttp().percentileMs(99))));
        out.append(String.format(Locale.ROOT, "| GetConsumer JMS InOut round trip in the JVM (ProducerTemplate), %d "
                + "sequential | p50 **%s**, p99 **%s** |%n", r.queryOverJms().count(),
                Samples.ms(r.queryOverJms().percentileMs(50)), Samples.ms(r.queryOverJms().percentileMs(99))));
        return out.toString();
    }

    private static Steady steady(HubHttp http, String order, int count, int clients, double rate, JdbcTemplate jdbc,
            String state) throws Exception {
        Progress.say("validation: steady, %d orders at %.0f orders/s (50 %% of the burst's %s rate)", count, rate,
                state);
        jdbc.execute("truncate orders.orders cascade");
        vacuum(jdbc);
        Map<Long, Long> responses = new ConcurrentHashMap<>();
        Wal before = Wal.now(jdbc);
        Map<Long, Long> posted;
        CommitProbe.Result commits;
        try (CommitProbe probe = CommitProbe.start(DB, "postgres", "")) {
            posted = offer(http, order, count, clients, rate, jdbc, responses);
            commits = probe.stop();
        }
        Wal wal = Wal.now(jdbc).since(before);
        Map<Long, Long> reached = reached(jdbc, state);
        Map<Long, Long> created = reached(jdbc, "APPROVAL_PENDING");
        Samples response = new Samples(responses.values().stream().mapToLong(Long::longValue).toArray());
        return new Steady(state, rate, between(posted, reached, posted.keySet()),
                between(posted, created, posted.keySet()), between(created, reached, posted.keySet()), response, wal,
                commits, commits.slowestDuringStall(posted, reached, posted.keySet(), Steady.slowest(count)));
    }

    /**
     * Vacuums and analyzes the hub's database before a measured run, as autovacuum would have by then. Why: a
     * PostgreSQL set up for CI may run without autovacuum (this machine's {@code conf.d/90-ci.conf} turns it off); then
     * every run leaves its published outbox rows' old versions and their index entries behind, and each later run on
     * the same database was slower than the one before (VALIDATED p50 22 → 40 → 60 ms over three runs).
     */
    private static void vacuum(JdbcTemplate jdbc) {
        long t0 = System.nanoTime();
        jdbc.execute("vacuum (analyze)");
        Progress.say("validation: vacuum and analyze of the database (autovacuum %s on this server) took %s",
                jdbc.queryForObject("show autovacuum", String.class), Samples.seconds(System.nanoTime() - t0));
    }

    /** For each of {@code orders}: from one moment to the other (epoch microseconds in both maps), in nanoseconds. */
    private static Samples between(Map<Long, Long> from, Map<Long, Long> to, java.util.Set<Long> orders) {
        return new Samples(orders.stream().mapToLong(id -> (to.get(id) - from.get(id)) * 1000).toArray());
    }

    /**
     * Offers orders (rate 0 = closed loop) and waits until every one is APPROVED.
     *
     * @return order id → when its POST was sent, epoch microseconds
     */
    private static Map<Long, Long> offer(HubHttp http, String order, int count, int clients, double rate,
            JdbcTemplate jdbc) throws Exception {
        return offer(http, order, count, clients, rate, jdbc, new ConcurrentHashMap<>());
    }

    /** The same, recording each POST's response time (nanoseconds) by order id in {@code responses}. */
    private static Map<Long, Long> offer(HubHttp http, String order, int count, int clients, double rate,
            JdbcTemplate jdbc, Map<Long, Long> responses) throws Exception {
        Map<Long, Long> posted = new ConcurrentHashMap<>();
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        long start = System.nanoTime();
        AtomicInteger next = new AtomicInteger();
        List<java.util.concurrent.Future<?>> loops = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            loops.add(pool.submit(() -> {
                int i;
                while ((i = next.getAndIncrement()) < count) {
                    if (rate > 0) {
                        long due = start + (long) (i / rate * 1e9);
                        long wait = due - System.nanoTime();
                        if (wait > 0) {
                            Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                        }
                    }
                    long sent = epochMicros();
                    long t = System.nanoTime();
                    HttpResponse<String> accepted = http.post("/api/v1/orders", order);
                    t = System.nanoTime() - t;
                    if (accepted.statusCode() != 202) {
                        throw new IllegalStateException("POST answered " + accepted.statusCode());
                    }
                    long id = Long.parseLong(http.id(accepted, "orderId"));
                    posted.put(id, sent);
                    responses.put(id, t);
                }
                return null;
            }));
        }
        pool.shutdown();
        for (var loop : loops) {
            loop.get(10, TimeUnit.MINUTES); // a failed POST fails the run
        }
        try (Progress progress = Progress.start("to APPROVED", count, "orders", () -> approved(jdbc))) {
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
            while (approved(jdbc) < count) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException((count - approved(jdbc)) + " orders not APPROVED after 5 minutes "
                            + "(REJECTED: " + jdbc.queryForObject("select count(*) from orders.orders where state = "
                                    + "'REJECTED'", Integer.class) + ")");
                }
                Thread.sleep(50);
            }
        }
        return posted;
    }

    /** The benchmark's own polling queries: each is a transaction PostgreSQL counts, not the hub's. */
    private static final java.util.concurrent.atomic.AtomicLong OWN_QUERIES = new java.util.concurrent.atomic.AtomicLong();

    private static long approved(JdbcTemplate jdbc) {
        OWN_QUERIES.incrementAndGet();
        return jdbc.queryForObject("select count(*) from orders.orders where state = 'APPROVED'", Long.class);
    }

    /** Order id → when it first entered {@code state} (its order_history row), epoch microseconds. */
    private static Map<Long, Long> reached(JdbcTemplate jdbc, String state) {
        Map<Long, Long> at = new java.util.HashMap<>();
        jdbc.query("select order_id, min((extract(epoch from changed_at) * 1e6)::bigint) from orders.order_history "
                + "where state = ? group by order_id", rs -> {
                    at.put(rs.getLong(1), rs.getLong(2));
                }, state);
        return at;
    }

    /** From the first POST sent to the last order entering the state. */
    private static double spanSeconds(Map<Long, Long> posted, Map<Long, Long> reached) {
        long first = posted.values().stream().mapToLong(Long::longValue).min().orElseThrow();
        long last = posted.keySet().stream().mapToLong(reached::get).max().orElseThrow();
        return (last - first) / 1e6;
    }

    private static long epochMicros() {
        java.time.Instant now = java.time.Instant.now();
        return now.getEpochSecond() * 1_000_000 + now.getNano() / 1000;
    }

    /** Per step of the saga, in step order: from the command's step-log row to the reply that answered it. */
    private static Map<String, Samples> stepLatencies(JdbcTemplate jdbc) {
        Map<String, List<Long>> byStep = new java.util.LinkedHashMap<>();
        jdbc.query("select step_name || ' (' || command_type || ')', (extract(epoch from replied_at - sent_at) * 1e9)"
                + "::bigint from orders.saga_step where outcome = 'SUCCEEDED' order by step, command_type", rs -> {
                    byStep.computeIfAbsent(rs.getString(1), k -> new ArrayList<>()).add(rs.getLong(2));
                });
        Map<String, Samples> samples = new java.util.LinkedHashMap<>();
        byStep.forEach((step, nanos) -> samples.put(step, new Samples(nanos.stream().mapToLong(Long::longValue)
                .toArray())));
        return samples;
    }

    private static ConfigurableApplicationContext start() throws Exception {
        Path data = HubUnderTest.freshDataDirectory("flow-artemis");
        int brokerPort;
        try (var socket = new java.net.ServerSocket(0)) {
            brokerPort = socket.getLocalPort();
        }
        return new SpringApplicationBuilder(OrderApplication.class, PartnerAdaptersApplication.class).run(
                "--spring.application.name=integration-hub",
                "--server.port=0",
                "--spring.datasource.url=" + DB,
                "--spring.datasource.username=postgres",
                "--hub.broker.url=vm://43",
                "--hub.broker.privileged-client-password=" + SECRET,
                "--hub.broker.embedded.enabled=true",
                "--hub.broker.embedded.name=hub-bench-flow",
                "--hub.broker.embedded.in-vm-id=43",
                "--hub.broker.embedded.port=" + brokerPort,
                // the gRPC server of order-app: never the 9290 a running hub may hold
                "--hub.order-app.grpc.port=" + GrpcPort.free(),
                "--hub.broker.embedded.data-directory=" + data,
                "--hub.security.admin-password=" + SECRET,
                "--spring.main.banner-mode=off",
                "--logging.level.root=WARN",
                "--logging.level.io.integrationhub=WARN",
                "--logging.level.order-replies=WARN",
                "--logging.level.restaurant-replica=WARN");
    }
}
