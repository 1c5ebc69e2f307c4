package io.integrationhub.benchmarks;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.apache.activemq.artemis.utils.VersionLoader;
import org.springframework.boot.SpringBootVersion;

/**
 * DESIGN.md §8 benchmark: starts order-app in this JVM and measures, side by side with the same broker, payload size
 * and durability, (1) relay throughput vs. a raw transacted JMS loop, (2) REST order intake vs. a plain JDBC
 * transaction writing the same rows, (3) outbox delivery latency ({@code phases=} chooses which). Prints progress, then a Markdown table with the ratios.
 *
 * <p>Run with {@code benchmarks/run.sh [key=value ...]}; {@code help} lists the settings.
 */
public final class HubBenchmark {

    private HubBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("legacy")) {
            LegacyLatencyBenchmark.main(java.util.Arrays.copyOfRange(args, 1, args.length));
            return;
        }
        if (args.length > 0 && args[0].equals("consumer")) {
            ConsumerBenchmark.main(java.util.Arrays.copyOfRange(args, 1, args.length));
            return;
        }
        if (args.length > 0 && args[0].equals("quotes")) {
            QuoteAggregationBenchmark.main(java.util.Arrays.copyOfRange(args, 1, args.length));
            return;
        }
        if (args.length > 0 && args[0].equals("formats")) {
            FormatsBenchmark.main(java.util.Arrays.copyOfRange(args, 1, args.length));
            return;
        }
        if (args.length > 0 && args[0].equals("log-tailing")) {
            LogTailingBenchmark.main(java.util.Arrays.copyOfRange(args, 1, args.length));
            return;
        }
        if (args.length > 0 && args[0].equals("startup")) {
            StartupBenchmark.main(java.util.Arrays.copyOfRange(args, 1, args.length));
            return;
        }
        if (args.length > 0 && args[0].equals("validation")) {
            ValidationFlowBenchmark.main(java.util.Arrays.copyOfRange(args, 1, args.length));
            return;
        }
        if (args.length > 0 && args[0].equals("hops")) {
            args = hopsArguments(args);
        }
        boolean all = args.length > 0 && args[0].equals("all");
        Settings settings = Settings.from(all ? withAllDefaults(args) : args);
        int exit = 0;
        try {
            if (all) {
                runAll(settings);
            } else {
                run(settings, true);
            }
        } catch (Exception e) {
            System.out.println("BENCHMARK FAILED: " + e);
            e.printStackTrace(System.out);
            exit = 1;
        }
        System.exit(exit); // the HTTP client's and the broker's leftover threads must not keep the JVM alive
    }

    /**
     * "all" measures with the sizes issue 13's numbers were taken with: a warm-up long enough that C2 is done
     * compiling before the measurement (with 300 requests the compiler threads took ~30 % of the JVM's CPU in
     * phase 2). A setting given after "all" still wins (the last value of a key is the one used).
     */
    private static String[] withAllDefaults(String[] args) {
        var all = new java.util.ArrayList<>(List.of("relay.rows=30000", "relay.warmup=50000", "rest.warmup=2000",
                "rest.orders=3000", "phases=1,2,3,4"));
        all.addAll(List.of(args).subList(1, args.length));
        return all.toArray(String[]::new);
    }

    /**
     * {@code hops [orders=…] [hops=18,5] [in-flight=…] [steady-orders=…] [steady-rate=…] …}: phase 4 alone (the
     * minimal hop chain); its short keys get the {@code hops.} prefix ({@code hops=} is {@code hops.k}), every other
     * setting is passed as given.
     */
    private static String[] hopsArguments(String[] args) {
        var out = new java.util.ArrayList<>(List.of("phases=4"));
        for (String arg : List.of(args).subList(1, args.length)) {
            String key = arg.contains("=") ? arg.substring(0, arg.indexOf('=')) : arg;
            out.add(switch (key) {
                case "hops" -> "hops.k" + arg.substring(key.length());
                case "orders", "warmup", "in-flight", "consumers", "payload-bytes", "steady-orders", "steady-rate" ->
                    "hops." + arg;
                default -> arg;
            });
        }
        return out.toArray(String[]::new);
    }

    /** What the default phases measured; a phase not run is null. */
    record Phases(RelayThroughput.Result relay, RestIntake.Result intake, DeliveryLatency.Result latency,
            HopChain.Result hops) {
    }

    /**
     * {@code benchmarks/run.sh all}: every measurement of issue 13 in one run — start-up of the embedded hub, phases
     * 1–3, the create-order saga end to end — each printing its own table, then one table of the targets.
     */
    private static void runAll(Settings settings) throws Exception {
        Instant started = Instant.now();
        double loadBefore = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        // first, while this JVM is idle: the hub is a process of its own, started as run-embedded.sh starts it on
        // this JDK and on each JDK 25+ beside it (an AOT cache there, a class-data archive here)
        Map<String, List<StartupBenchmark.Launch>> startup = new LinkedHashMap<>();
        for (StartupBenchmark.Jdk jdk : StartupBenchmark.Jdk.ownAndNewerBeside()) {
            StartupBenchmark.Shipped shipped = StartupBenchmark.asShipped(StartupBenchmark.FAT_JAR, jdk,
                    StartupBenchmark.DB_URL, 300);
            double loadBeforeStart = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
            Instant startedAt = Instant.now();
            List<StartupBenchmark.Launch> launches = StartupBenchmark.run(settings.startupRuns(), jdk, shipped.jar(),
                    shipped.javaOpts(), StartupBenchmark.DB_URL, 300);
            String label = "JDK " + jdk.version() + ", " + shipped.how();
            startup.put(label, launches);
            System.out.println();
            System.out.println(StartupBenchmark.report("as run-embedded.sh starts it (extracted jar, " + label + ")",
                    launches, startedAt, loadBeforeStart,
                    ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage()));
        }
        Phases phases = run(settings, false); // phase 4's open loop runs after the flow, at the hub's rates
        Progress.say("%nall: the create-order saga end to end (order-app + partner adapters in this JVM)");
        ValidationFlowBenchmark.Result flow = ValidationFlowBenchmark.run(settings.flowOrders(), settings.flowBurst(),
                settings.flowClients(), settings.flowWarmup(), settings.flowRoundTrips());
        System.out.println();
        System.out.println(ValidationFlowBenchmark.table(flow));
        HopChain.Floor floor = settings.runs(4) && settings.hopsSteadyOrders() > 0 ? latencyFloor(settings, flow)
                : null;
        double loadAfter = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        System.out.println(Targets.table(started, loadBefore, loadAfter, startup, phases, flow, floor));
    }

    /**
     * The hop chain's open loop at the hub's VALIDATED and APPROVED offered orders/s (the same offered work as the
     * hub's p99s), on order-app started again (its own JVM context as in phase 4; the flow's context is closed).
     * A failure here is printed and leaves the floor rows out: the targets table still prints.
     */
    private static HopChain.Floor latencyFloor(Settings settings, ValidationFlowBenchmark.Result flow) {
        Progress.say("%nall: phase 4's open loop at the hub's offered rates (order-app started again)");
        double loadBefore = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        try (HubUnderTest hub = HubUnderTest.start(settings, workDirectory(), List.of(), List.of())) {
            HopChain.Floor floor = new HopChain(hub).floor(flow.validated().offeredPerSecond(),
                    flow.approved().offeredPerSecond());
            System.out.println();
            System.out.printf(Locale.ROOT, "## Phase 4 after the saga flow: the hop chain at the hub's offered rates "
                    + "— load average %.2f before / %.2f after%n%n", loadBefore,
                    ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
            System.out.println("| # | measurement | floor | details | hub / baseline |\n|---|---|---|---|---|");
            System.out.println(HopChain.rows(floor));
            return floor;
        } catch (Exception e) {
            System.out.println("HOP CHAIN FLOOR FAILED (left out of the targets table): " + e);
            e.printStackTrace(System.out);
            return null;
        }
    }

    private static Phases run(Settings settings, boolean ownSteady) throws Exception {
        Instant started = Instant.now();
        double loadBefore = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        Path work = workDirectory();
        Progress.say("hub benchmark: starting order-app in-process (database %s, embedded broker vm://%d, journal under %s)",
                settings.dbUrl(), settings.inVmId(), work.toAbsolutePath().normalize().resolve("bench-artemis"));
        long t0 = System.nanoTime();
        // phase 2's peer endpoint (the HTTP floor) exists only in this benchmark's context
        try (HubUnderTest hub = HubUnderTest.start(settings, work, List.of(),
                settings.runs(2) ? List.of(IntakePeer.class) : List.of())) {
            Progress.say("order-app started in %s: HTTP port %d, broker TCP port %d, relay of the app off",
                    Samples.seconds(System.nanoTime() - t0), hub.httpPort, hub.brokerPort);
            hub.resetTables();

            RelayThroughput.Result relay = settings.runs(1) ? new RelayThroughput(hub).run() : null;
            RestIntake.Result intake = settings.runs(2) ? new RestIntake(hub).run() : null;
            DeliveryLatency.Result latency = settings.runs(3) ? new DeliveryLatency(hub).run() : null;
            HopChain.Result hops = settings.runs(4) ? new HopChain(hub).run(ownSteady) : null;

            double loadAfter = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
            String table = report(settings, hub, relay, intake, latency, hops, started, loadBefore, loadAfter,
                    System.nanoTime() - t0);
            System.out.println();
            System.out.println(table);
            return new Phases(relay, intake, latency, hops);
        }
    }

    private static String report(Settings s, HubUnderTest hub, RelayThroughput.Result relay, RestIntake.Result intake,
            DeliveryLatency.Result latency, HopChain.Result hops, Instant started, double loadBefore,
            double loadAfter, long totalNanos)
            throws Exception {
        var os = ManagementFactory.getOperatingSystemMXBean();
        long ram = os instanceof com.sun.management.OperatingSystemMXBean sun ? sun.getTotalMemorySize() : -1;
        StringBuilder out = new StringBuilder();
        out.append("## Integration hub benchmark (DESIGN.md §8) — ").append(started.truncatedTo(ChronoUnit.SECONDS))
                .append("\n\n");
        out.append(String.format(Locale.ROOT, "- **Machine**: %d cores (%s), %.1f GiB RAM, %s %s %s; load average %.2f "
                + "before / %.2f after (other processes share the machine)%n", Runtime.getRuntime().availableProcessors(),
                cpuModel(), ram / (1024.0 * 1024 * 1024), os.getName(), os.getVersion(), os.getArch(), loadBefore,
                loadAfter));
        out.append(String.format(Locale.ROOT, "- **JVM**: %s %s (%s), max heap %,d MiB, %s%n",
                System.getProperty("java.vm.name"), System.getProperty("java.vm.version"),
                System.getProperty("java.vm.vendor"), Runtime.getRuntime().maxMemory() / (1024 * 1024),
                ManagementFactory.getGarbageCollectorMXBeans().stream().map(g -> g.getName()).toList()));
        out.append(String.format(Locale.ROOT, "- **Stack**: Spring Boot %s, Camel %s, Artemis %s embedded (in-VM client, "
                + "NIO journal, persistent, security on), %s, HikariCP pool %d%n", SpringBootVersion.getVersion(),
                hub.camel.getVersion(), VersionLoader.getVersion().getFullVersion(), hub.postgresVersion(),
                hub.hikariPoolSize));
        if (!s.experimentOutboxPropagation().isBlank()) {
            out.append("- **EXPERIMENT — not the shipped behaviour**: outboxJmsTransaction propagation forced to "
                    + hub.outboxPropagation() + "\n");
        }
        out.append(String.format(Locale.ROOT, "- **Settings**: hub.outbox.batch-size=%d, hub.outbox.poll-interval=%s (safety-net poll), "
                + "outbox JMS transaction propagation %s, payload %,d B JSON over %,d aggregates; message as stored by the "
                + "broker: relay %s, raw loop %s; phases %s%n%n", hub.outbox.getBatchSize(),
                Samples.duration(hub.outbox.getPollInterval()), hub.outboxPropagation(), s.payloadBytes(),
                s.aggregates(), relay == null ? "-" : relay.relayMessage(), relay == null ? "-" : relay.rawMessage(),
                s.phases()));

        out.append("| # | measurement | hub | baseline | hub / baseline |\n");
        out.append("|---|---|---|---|---|\n");
        if (relay != null) {
            out.append(String.format(Locale.ROOT,
                    "| 1 | outbox relay → broker: %s rows × %,d B, backlog drained from relay start | **%s rows/s** (%s) | "
                            + "raw transacted JMS send loop, %d msgs/commit, persistent: **%s msgs/s** (%s) | **%s** |%n",
                    Samples.count(relay.rows()), s.payloadBytes(), Samples.rate(relay.relayPerSecond()),
                    Samples.seconds(relay.relayNanos()), hub.outbox.getBatchSize(), Samples.rate(relay.rawPerSecond()),
                    Samples.seconds(relay.rawNanos()), Samples.ratio(relay.relayPerSecond() / relay.rawPerSecond())));
            out.append(String.format(Locale.ROOT, "|   | — JVM CPU per message | %s | %s | %s |%n",
                    Cpu.perOp(relay.relayCpuNanos(), relay.rows()), Cpu.perOp(relay.rawCpuNanos(), relay.rows()),
                    Samples.ratio((double) relay.relayCpuNanos() / relay.rawCpuNanos())));
            out.append(String.format(Locale.ROOT, "|   | — hub relay vs. minimal relay (plain JDBC + JMS, one thread: claim, "
                    + "one JMS tx, commit, autocommit mark) | %s rows/s | **%s rows/s** (%s), JVM CPU %s/row | **%s** |%n",
                    Samples.rate(relay.relayPerSecond()), Samples.rate(relay.minimalPerSecond()),
                    Samples.seconds(relay.minimalNanos()), Cpu.perOp(relay.minimalCpuNanos(), relay.rows()),
                    Samples.ratio(relay.relayPerSecond() / relay.minimalPerSecond())));
            out.append(String.format(Locale.ROOT, "|   | — floor of the design: minimal relay ÷ raw loop | %s rows/s | "
                    + "%s msgs/s | **%s** |%n", Samples.rate(relay.minimalPerSecond()),
                    Samples.rate(relay.rawPerSecond()), Samples.ratio(relay.minimalPerSecond() / relay.rawPerSecond())));
        }
        if (intake != null) {
            RestIntake.Run rest = intake.rest();
            RestIntake.Run jdbc = intake.jdbc();
            out.append(String.format(Locale.ROOT,
                    "| 2 | order intake: %s requests, %d concurrent clients — throughput | `POST /api/v1/orders` over HTTP "
                            + "(one transaction writing %s): **%s orders/s**%s | plain JDBC tx writing the same rows "
                            + "(%s; %d statements + commit): **%s tx/s**%s | **%s** |%n",
                    Samples.count(rest.count()), intake.clients(), intake.writesPerOrder(), Samples.rate(rest.perSecond()),
                    errors(rest), intake.baselineWrites(), intake.baselineStatements(),
                    Samples.rate(jdbc.perSecond()), errors(jdbc), Samples.ratio(rest.perSecond() / jdbc.perSecond())));
            for (double p : new double[] { 50, 99 }) {
                out.append(String.format(Locale.ROOT, "|   | — latency p%.0f | %s | %s | %s |%n", p,
                        Samples.ms(rest.latency().percentileMs(p)), Samples.ms(jdbc.latency().percentileMs(p)),
                        Samples.ratio(rest.latency().percentileMs(p) / jdbc.latency().percentileMs(p))));
        }
        out.append(String.format(Locale.ROOT, "|   | — JVM CPU per order / tx (load generator included) | %s | %s | %s |%n",
                Cpu.perOp(rest.cpuNanos(), rest.count()), Cpu.perOp(jdbc.cpuNanos(), jdbc.count()),
                Samples.ratio((double) rest.cpuNanos() / jdbc.cpuNanos())));
            RestIntake.Run peer = intake.peer();
            out.append(String.format(Locale.ROOT, "|   | — hub vs. peer: plain Spring MVC `@RestController` (`%s`: same "
                    + "Tomcat connector, security chain, `http.server.requests`, Jackson converter, pool; the JDBC tx "
                    + "above, on the request thread), in turns with the hub and JDBC | %s orders/s | **%s orders/s**%s, p50 %s, "
                    + "p99 %s, JVM CPU %s/order | **%s** |%n", IntakePeer.PATH, Samples.rate(rest.perSecond()),
                    Samples.rate(peer.perSecond()), errors(peer), Samples.ms(peer.latency().percentileMs(50)),
                    Samples.ms(peer.latency().percentileMs(99)), Cpu.perOp(peer.cpuNanos(), peer.count()),
                    Samples.ratio(rest.perSecond() / peer.perSecond())));
            out.append(String.format(Locale.ROOT, "|   | — floor of the HTTP stack: peer ÷ plain JDBC tx (throughput; JVM "
                    + "CPU per order) | %s orders/s; %s | %s tx/s; %s | **%s**; %s |%n", Samples.rate(peer.perSecond()),
                    Cpu.perOp(peer.cpuNanos(), peer.count()), Samples.rate(jdbc.perSecond()),
                    Cpu.perOp(jdbc.cpuNanos(), jdbc.count()), Samples.ratio(peer.perSecond() / jdbc.perSecond()),
                    Samples.ratio(((double) peer.cpuNanos() / peer.count()) / ((double) jdbc.cpuNanos() / jdbc.count()))));
        }
        if (latency != null) {
            out.append(String.format(Locale.ROOT,
                    "| 3 | outbox delivery latency, commit → on broker (consumer): %d single-row commits/s for %d s | "
                            + "p50 **%s**, p99 **%s**, max %s (%s rows%s) | configured `hub.outbox.poll-interval` = %s "
                            + "(safety net; wake-ups by LISTEN/NOTIFY) | p99 / poll interval = %s |%n",
                    latency.rate(), latency.seconds(), Samples.ms(latency.latency().percentileMs(50)),
                    Samples.ms(latency.latency().percentileMs(99)), Samples.ms(latency.latency().maxMs()),
                    Samples.count(latency.latency().count()),
                    latency.missing() == 0 ? "" : ", **" + latency.missing() + " never arrived**",
                    Samples.duration(latency.pollInterval()), Samples.ratio(latency.latency().percentileMs(99)
                            / latency.pollInterval().toMillis())));
        }
        if (hops != null) {
            out.append(HopChain.rows(hops));
        }
        out.append("\n");
        out.append("Notes:\n");
        if (relay != null) {
            out.append(String.format(Locale.ROOT, "- Phase 1: the rows are committed before the relay starts; the time runs "
                    + "from relay start (taking the advisory lock included) until the relay has marked the last row "
                    + "published; %s messages verified on the queue, queue purged between runs. Broker view — relay: %s; "
                    + "raw loop: %s.%n", Samples.count(relay.rows()), relay.relaySends(), relay.rawSends()));
            out.append(String.format(Locale.ROOT, "- Relay lifecycle: `OutboxRelay.stop()` took up to %s in this run; advisory "
                    + "lock(s) still held in the database after `stop()` returned: %s.%n",
                    Samples.seconds(hub.longestRelayStopNanos), relay.locksAfterStop()));
        }
        if (intake != null) {
            out.append(String.format(Locale.ROOT, "- Phase 2: no relay runs; both paths use the app's Hikari pool; every "
                    + "request must answer 202. JVM CPU covers the app, the broker and the load generator (not PostgreSQL). "
                    + "Hub, peer and JDBC are measured in %d turns each (hub, peer, JDBC, JDBC, peer, hub, ...), after a "
                    + "warm-up of each, into the same growing tables; "
                    + "the peer writes the baseline's copy of the hub's rows and skips the hub's strict reader, Bean "
                    + "Validation, Camel and the intake's tracing span.%n", s.restRounds()));
        }
        if (latency != null) {
            out.append(String.format(Locale.ROOT, "- Phase 3: latency from the return of the writer's `commit()` (insert + "
                    + "commit took p50 %s) to `onMessage` of a JMS consumer on the queue%s; broker view (warm-up included): %s.%n",
                    Samples.ms(latency.commit().percentileMs(50)), latency.early() == 0 ? ""
                            : " (" + latency.early() + " arrived before commit() returned: counted as 0)",
                    latency.sends()));
        }
        if (hops != null) {
            out.append(String.format(Locale.ROOT, "- Phase 4: per hop one outbox row (hop_chain.outbox: orders.outbox copied, its NOTIFY "
                    + "trigger), "
                    + "relayed by one thread (the hub's claim, one JMS transaction per batch, mark after the broker "
                    + "commit), consumed in one DB transaction (idempotency insert, state-row update, next hop's row) "
                    + "committed before the JMS session; %,d B payloads; no saga state, history, JSON parsing, tracing "
                    + "or Camel: a lower bound for the hub's rates (K=%d ~ POST → APPROVED, K=%d ~ POST → VALIDATED). "
                    + "JVM CPU includes the broker and the idle app; PostgreSQL CPU is its backends' (/proc).%n",
                    hops.payloadBytes(), HopChain.APPROVED_HOPS, HopChain.VALIDATED_HOPS));
        }
        out.append(String.format(Locale.ROOT, "- Warm-up: %,d rows/messages, %,d requests/transactions, %d s of commits. "
                + "Whole run %s.%n", s.relayWarmupRows(), s.restWarmup(), s.latencyWarmupSeconds(),
                Samples.seconds(totalNanos)));
        return out.toString();
    }

    private static String errors(RestIntake.Run run) {
        return run.errors() == 0 ? "" : " (**" + run.errors() + " failed**: " + run.firstError() + ")";
    }

    private static String cpuModel() {
        try {
            return Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                    .findFirst().map(l -> l.substring(l.indexOf(':') + 1).trim()).orElse("unknown CPU");
        } catch (Exception e) {
            return "unknown CPU";
        }
    }

    /** benchmarks/target: the journal and other run files stay out of the source tree. */
    private static Path workDirectory() {
        String configured = System.getProperty("bench.work.dir");
        if (configured != null) {
            return Path.of(configured);
        }
        if (Files.isDirectory(Path.of("benchmarks", "target"))) {
            return Path.of("benchmarks", "target");
        }
        return Path.of("target");
    }
}
