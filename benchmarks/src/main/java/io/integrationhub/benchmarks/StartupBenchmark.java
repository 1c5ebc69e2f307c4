package io.integrationhub.benchmarks;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.DoubleFunction;
import java.util.function.ToLongFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Issue 13: start-up time and memory of the embedded hub as shipped — the built hub-embedded jar launched as its own
 * process, from the repository root, as {@code run-embedded.sh} does. Each run gets a fresh database (the first start
 * migrates every schema) and a fresh broker journal, then the same hub is restarted on them (warm restart). Measured per
 * launch: wall time from launch to {@code /actuator/health} UP, RSS right after UP, the JVM's own "Started ... in"
 * and the phases read off the log's timestamps. Run with {@code benchmarks/run.sh startup [runs=3] [java.opts=...]}.
 */
final class StartupBenchmark {

    private static final String HELP = """
            benchmarks/run.sh startup [key=value ...]
              runs=3                 fresh database + first start, then one warm restart, this many times
              jar=hub-embedded/target/hub-embedded-0.1.0-SNAPSHOT.jar   what is launched (java <java.opts> -jar <jar>)
              java.opts=             JVM options of the hub (default: none; run-embedded.sh uses @hub-embedded/jvm.options)
              java.home=             the JDK the hub runs on (default: this benchmark's own)
              db.url=jdbc:postgresql://127.0.0.1:5432/hub_bench_startup   dropped and re-created for every run
              timeout=300            seconds a launch may take to reach UP
              label=                 a name for this configuration in the table
            """;

    private static final Pattern STARTED = Pattern.compile(
            "Started EmbeddedHubApplication in ([0-9.]+) seconds \\(process running for ([0-9.]+)\\)");
    private static final Pattern TIMESTAMP = Pattern.compile("^\\d{4}-\\d\\d-\\d\\dT(\\d\\d:\\d\\d:\\d\\d\\.\\d{3})Z");

    /** Log lines that open or close a phase, in the order they appear; a phase runs from one marker to the next. */
    private static final Map<String, String> MARKERS = new LinkedHashMap<>();
    static {
        MARKERS.put("Starting EmbeddedHubApplication", "JVM + launcher until SpringApplication.run");
        MARKERS.put("Tomcat initialized with port", "bean definitions: scan, auto-configuration, conditions");
        MARKERS.put("AMQ221000", "Tomcat + Hawtio init, broker users, secrets (beans before the broker)");
        MARKERS.put("AMQ221007: Server is now active", "embedded Artemis start (journal, addresses, acceptor)");
        MARKERS.put("FlywayExecutor", "beans between broker and first migration (Hikari pool)");
        MARKERS.put("LAST:SchemaMigrations", "Flyway: every schema (hub tables + service tables)");
        MARKERS.put("Tomcat started on port", "remaining singletons: security, actuator, Camel routes built");
        MARKERS.put("Apache Camel 4", "Camel context + route start, legacy simulators, YAML routes");
        MARKERS.put("Started EmbeddedHubApplication", "after Camel: runners, relays");
    }

    /** Dropped and re-created for every run. */
    static final String DB_URL = "jdbc:postgresql://127.0.0.1:5432/hub_bench_startup";
    static final String FAT_JAR = "hub-embedded/target/hub-embedded-0.1.0-SNAPSHOT.jar";
    /** The JVM options file run-embedded.sh starts the hub with (a java @argument file: heap cap, GC). */
    static final String JVM_OPTIONS = "@hub-embedded/jvm.options";

    private StartupBenchmark() {
    }

    record Launch(String kind, long toUpNanos, long cpuNanos, long rssKiB, double jvmStartedSeconds,
            double jvmProcessSeconds, long stopNanos, Map<String, Long> phaseMillis, Map<String, Long> cpuByThreads) {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> given = new HashMap<>();
        for (String arg : args) {
            if (arg.equals("help") || arg.equals("--help")) {
                System.out.println(HELP);
                return;
            }
            int eq = arg.indexOf('=');
            if (eq < 1) {
                throw new IllegalArgumentException("expected key=value, got: " + arg + "\n" + HELP);
            }
            given.put(arg.startsWith("--") ? arg.substring(2, eq) : arg.substring(0, eq), arg.substring(eq + 1));
        }
        int runs = Integer.parseInt(take(given, "runs", "3"));
        String jar = take(given, "jar", FAT_JAR);
        String javaOpts = take(given, "java.opts", "");
        Jdk jdk = Jdk.of(Path.of(take(given, "java.home", System.getProperty("java.home"))));
        String dbUrl = take(given, "db.url", DB_URL);
        long timeoutSeconds = Long.parseLong(take(given, "timeout", "300"));
        String label = take(given, "label", javaOpts.isBlank() ? "default" : javaOpts);
        if (!given.isEmpty()) {
            throw new IllegalArgumentException("unknown setting(s) " + given.keySet() + "\n" + HELP);
        }
        if (!Files.isRegularFile(Path.of(jar))) {
            throw new IllegalStateException(jar + " not found: build it (benchmarks/run.sh startup builds hub-embedded)");
        }

        Instant started = Instant.now();
        double loadBefore = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        List<Launch> launches = run(runs, jdk, jar, javaOpts, dbUrl, timeoutSeconds);
        double loadAfter = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        System.out.println();
        System.out.println(report(label + " (JDK " + jdk.version() + ")", launches, started, loadBefore, loadAfter));
        System.exit(0); // the HTTP client's threads must not keep the JVM alive
    }

    /** {@code runs} × (fresh database: first start, then a warm restart). */
    static List<Launch> run(int runs, Jdk jdk, String jar, String javaOpts, String dbUrl, long timeoutSeconds)
            throws Exception {
        Path work = HubUnderTest.freshDataDirectory("bench-startup");
        Files.createDirectories(work);
        Progress.say("startup: %d run(s) of %s on JDK %s (java %s), database %s, logs under %s", runs, jar,
                jdk.version(), javaOpts.isBlank() ? "(no options)" : javaOpts, dbUrl, work);
        List<Launch> launches = new ArrayList<>();
        for (int run = 1; run <= runs; run++) {
            recreateDatabase(dbUrl);
            Path brokerData = work.resolve("artemis-" + run);
            launches.add(launch("first", run, jdk, jar, javaOpts, dbUrl, brokerData, work, timeoutSeconds));
            launches.add(launch("warm", run, jdk, jar, javaOpts, dbUrl, brokerData, work, timeoutSeconds));
        }
        return launches;
    }

    /** A JDK the hub is launched with: its home and its {@code java.runtime.version} (its {@code release} file). */
    record Jdk(Path home, String version) {

        static Jdk of(Path home) throws IOException {
            Path release = home.resolve("release");
            String version = Files.readAllLines(release, StandardCharsets.UTF_8).stream()
                    .filter(line -> line.startsWith("JAVA_RUNTIME_VERSION="))
                    .map(line -> line.substring(line.indexOf('=') + 1).replace("\"", "")).findFirst()
                    .orElseThrow(() -> new IllegalStateException("no JAVA_RUNTIME_VERSION in " + release));
            return new Jdk(home.toRealPath(), version);
        }

        /** The feature release (17, 25): from 25 on, run-embedded.sh keeps an AOT cache instead of a CDS archive. */
        int feature() {
            return Integer.parseInt(version.split("[.+-]")[0]);
        }

        boolean aotCache() {
            return feature() >= 25;
        }

        String java() {
            return home.resolve("bin").resolve("java").toString();
        }

        /**
         * This benchmark's own JDK, then every JDK 25 or later installed beside it (e.g. {@code /usr/lib/jvm/*}): the
         * JDKs {@code all} starts the hub on, since run-embedded.sh starts it differently on each.
         */
        static List<Jdk> ownAndNewerBeside() throws IOException {
            Jdk own = of(Path.of(System.getProperty("java.home")));
            List<Jdk> jdks = new ArrayList<>(List.of(own));
            try (var siblings = Files.list(own.home().getParent())) {
                for (Path home : siblings.sorted().toList()) {
                    if (Files.isRegularFile(home.resolve("release")) && Files.isExecutable(home.resolve("bin/java"))) {
                        Jdk jdk = of(home);
                        if (jdk.aotCache() && jdks.stream().noneMatch(j -> j.home().equals(jdk.home()))) {
                            jdks.add(jdk);
                        }
                    }
                }
            }
            return jdks;
        }
    }

    /**
     * The jar and JVM options of a start as {@code run-embedded.sh} does it on one JDK, and how it keeps its start-up
     * ({@code how}: "AOT cache" or "class-data archive"); {@link #asShipped} makes them.
     */
    record Shipped(String jar, String javaOpts, String how) {
    }

    /**
     * The hub as {@code run-embedded.sh} starts it on {@code jdk}: the fat jar extracted by Boot's
     * {@code -Djarmode=tools extract}, with the script's JVM options ({@link #JVM_OPTIONS}) and what one unmeasured
     * launch recorded at its exit, as the script's first run after a build does — on JDK 25 or later an AOT cache
     * ({@code -XX:AOTCacheOutput}, then {@code -XX:AOTCache}), before that a class-data archive
     * ({@code -XX:ArchiveClassesAtExit}, then {@code -XX:SharedArchiveFile}). In a folder of the benchmark's own (never
     * the script's: a run killed while it writes would leave the script a truncated file).
     */
    static Shipped asShipped(String fatJar, Jdk jdk, String dbUrl, long timeoutSeconds) throws Exception {
        Path app = Path.of("benchmarks", "target", "bench-startup-app");
        Path appJar = app.resolve(Path.of(fatJar).getFileName());
        // named after the JDK that writes it, as run-embedded.sh names its own
        Path archive = app.resolve(jdk.aotCache() ? "hub-" + jdk.version() + ".aot"
                : "classes-" + jdk.version() + ".jsa");
        if (!Files.isRegularFile(appJar)
                || Files.getLastModifiedTime(Path.of(fatJar)).compareTo(Files.getLastModifiedTime(appJar)) > 0) {
            Progress.say("startup: extracting %s into %s", fatJar, app);
            deleteRecursively(app);
            Process extract = new ProcessBuilder(jdk.java(), "-Djarmode=tools", "-jar", fatJar, "extract",
                    "--destination", app.toString()).inheritIO().start();
            if (extract.waitFor() != 0) {
                throw new IllegalStateException("extracting " + fatJar + " failed");
            }
        }
        if (!Files.isRegularFile(archive)) {
            Progress.say("startup: one unmeasured launch on JDK %s that writes %s at exit", jdk.version(), archive);
            recreateDatabase(dbUrl);
            Path work = HubUnderTest.freshDataDirectory("bench-startup-archive");
            Files.createDirectories(work);
            String record = jdk.aotCache() ? " -XX:AOTCacheOutput=" + archive + " -Xlog:aot=error,cds=error"
                    : " -XX:ArchiveClassesAtExit=" + archive + " -Xlog:cds=error,cds+dynamic=error";
            launch("archive", 0, jdk, appJar.toString(), JVM_OPTIONS + record, dbUrl, work.resolve("artemis"), work,
                    timeoutSeconds);
        }
        return jdk.aotCache()
                ? new Shipped(appJar.toString(), JVM_OPTIONS + " -XX:AOTCache=" + archive, "AOT cache")
                : new Shipped(appJar.toString(), JVM_OPTIONS + " -XX:SharedArchiveFile=" + archive,
                        "class-data archive");
    }

    private static void deleteRecursively(Path folder) throws IOException {
        if (Files.exists(folder)) {
            try (var paths = Files.walk(folder)) {
                for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.delete(path);
                }
            }
        }
    }

    private static String take(Map<String, String> given, String key, String fallback) {
        String value = given.remove(key);
        return value != null ? value : fallback;
    }

    private static Launch launch(String kind, int run, Jdk jdk, String jar, String javaOpts, String dbUrl,
            Path brokerData, Path work, long timeoutSeconds) throws Exception {
        int http = GrpcPort.free();
        List<String> command = new ArrayList<>();
        command.add(jdk.java());
        if (!javaOpts.isBlank()) {
            command.addAll(Arrays.asList(javaOpts.trim().split("\\s+")));
        }
        command.addAll(List.of("-jar", jar,
                "--hub.legacy.accounting-ports=" + GrpcPort.free() + "," + GrpcPort.free(),
                "--hub.legacy.consumer-profiles-ports=" + GrpcPort.free()));
        Path log = work.resolve("run-" + run + "-" + kind + ".log");
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        Map<String, String> env = builder.environment();
        env.put("DB_URL", dbUrl);
        env.put("HTTP_PORT", String.valueOf(http));
        env.put("HUB_BROKER_PORT", String.valueOf(GrpcPort.free()));
        env.put("HUB_GRPC_PORT", String.valueOf(GrpcPort.free()));
        env.put("HUB_BROKER_DATA_DIR", brokerData.toString());

        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        // no credentials: the status is public (details need a login), and a Basic login per poll costs the hub a BCrypt
        // check each time — measured at 28 % of its CPU during start-up when polling every 50 ms
        HttpRequest health = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + http + "/actuator/health"))
                .timeout(Duration.ofSeconds(5)).build();

        long t0 = System.nanoTime();
        Instant launchedAt = Instant.now();
        Process process = builder.start();
        long toUp = -1;
        long lastSaid = t0;
        try {
            while (System.nanoTime() - t0 < TimeUnit.SECONDS.toNanos(timeoutSeconds)) {
                if (!process.isAlive()) {
                    throw new IllegalStateException("the hub exited with " + process.exitValue() + "; see " + log);
                }
                try {
                    HttpResponse<String> answer = client.send(health, HttpResponse.BodyHandlers.ofString());
                    if (answer.statusCode() == 200 && answer.body().startsWith("{\"status\":\"UP\"")) {
                        toUp = System.nanoTime() - t0;
                        break;
                    }
                } catch (IOException notYet) {
                    // not listening yet
                }
                if (System.nanoTime() - lastSaid > TimeUnit.SECONDS.toNanos(5)) {
                    lastSaid = System.nanoTime();
                    Progress.say("  run %d %s start: waiting for health UP (%.0f s)", run, kind,
                            (lastSaid - t0) / 1e9);
                }
                Thread.sleep(100);
            }
            if (toUp < 0) {
                throw new IllegalStateException("no health UP within " + timeoutSeconds + " s; see " + log);
            }
            long rss = rssKiB(process.pid());
            long cpu = cpuNanos(process.pid());
            Map<String, Long> cpuByThreads = cpuByThreads(process.pid());
            long stopStart = System.nanoTime();
            process.destroy(); // SIGTERM: Boot's graceful shutdown, as Ctrl-C on run-embedded.sh
            if (!process.waitFor(90, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the hub did not stop within 90 s of SIGTERM; see " + log);
            }
            long stop = System.nanoTime() - stopStart;
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            Matcher m = lines.stream().map(STARTED::matcher).filter(Matcher::find).findFirst()
                    .orElseThrow(() -> new IllegalStateException("no 'Started EmbeddedHubApplication' in " + log));
            Launch result = new Launch(kind, toUp, cpu, rss, Double.parseDouble(m.group(1)),
                    Double.parseDouble(m.group(2)), stop, phases(lines, launchedAt, toUp), cpuByThreads);
            Progress.say("  run %d %s start: health UP after %s (CPU %s), RSS %,d MiB, JVM says started in %.1f s "
                    + "(process %.1f s), stopped in %s", run, kind, Samples.seconds(toUp), Samples.seconds(cpu),
                    rss / 1024, result.jvmStartedSeconds(), result.jvmProcessSeconds(), Samples.seconds(stop));
            Progress.say("    CPU by threads: %s", cpuByThreads.entrySet().stream()
                    .map(e -> e.getKey() + " " + Samples.seconds(e.getValue())).toList());
            return result;
        } finally {
            if (process.isAlive()) {
                process.destroyForcibly();
            }
        }
    }

    /** Milliseconds of each phase in {@link #MARKERS}, from the log's timestamps (same clock as this process). */
    static Map<String, Long> phases(List<String> lines, Instant launchedAt, long toUpNanos) {
        Map<String, Long> at = new LinkedHashMap<>();
        for (String line : lines) {
            Matcher ts = TIMESTAMP.matcher(line);
            if (!ts.find()) {
                continue;
            }
            for (String marker : MARKERS.keySet()) {
                boolean last = marker.startsWith("LAST:");
                String text = last ? marker.substring(5) : marker;
                if (line.contains(text) && (last || !at.containsKey(marker))) {
                    at.put(marker, millisOfDay(LocalTime.parse(ts.group(1))));
                }
            }
        }
        Map<String, Long> phases = new LinkedHashMap<>();
        long previous = millisOfDay(LocalTime.ofInstant(launchedAt, ZoneOffset.UTC));
        for (Map.Entry<String, String> marker : MARKERS.entrySet()) {
            Long t = at.get(marker.getKey());
            if (t != null) {
                phases.put(marker.getValue(), t - previous);
                previous = t;
            }
        }
        long up = millisOfDay(LocalTime.ofInstant(launchedAt.plusNanos(toUpNanos), ZoneOffset.UTC));
        phases.put("until /actuator/health says UP", up - previous);
        return phases;
    }

    private static long millisOfDay(LocalTime time) {
        return time.toNanoOfDay() / 1_000_000;
    }

    static long rssKiB(long pid) throws IOException {
        return Files.readAllLines(Path.of("/proc", String.valueOf(pid), "status")).stream()
                .filter(l -> l.startsWith("VmRSS:")).findFirst()
                .map(l -> Long.parseLong(l.replaceAll("[^0-9]", ""))).orElse(-1L);
    }

    /**
     * CPU time the hub's process used until now, all threads (JIT and GC included): on a shared machine the wall time
     * to UP depends on the load, this much less.
     */
    static long cpuNanos(long pid) throws IOException {
        return cpuNanos(Files.readString(Path.of("/proc", String.valueOf(pid), "stat")));
    }

    private static long cpuNanos(String stat) {
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]); // utime, stime (fields 14, 15)
        return ticks * 10_000_000L; // USER_HZ is 100 on Linux
    }

    /** CPU time until now of the hub's threads, grouped: JIT compilers, GC, the main thread, all others. */
    static Map<String, Long> cpuByThreads(long pid) throws IOException {
        Map<String, Long> groups = new LinkedHashMap<>();
        for (String group : List.of("main thread", "JIT compiler threads", "GC threads", "other threads")) {
            groups.put(group, 0L);
        }
        try (var tasks = Files.list(Path.of("/proc", String.valueOf(pid), "task"))) {
            for (Path task : tasks.toList()) {
                String name;
                long cpu;
                try {
                    name = Files.readString(task.resolve("comm")).trim();
                    cpu = cpuNanos(Files.readString(task.resolve("stat")));
                } catch (IOException ended) {
                    continue; // the thread ended meanwhile
                }
                String group = name.equals("java") ? "main thread" // the primordial thread runs main()
                        : name.matches("C[12] CompilerThre.*") ? "JIT compiler threads"
                        : name.matches("(GC Thread|G1 |VM Thread).*") ? "GC threads" : "other threads";
                groups.merge(group, cpu, Long::sum);
            }
        }
        return groups;
    }

    private static void recreateDatabase(String url) throws Exception {
        int slash = url.lastIndexOf('/');
        String name = url.substring(slash + 1).replaceAll("\\?.*", "");
        if (!name.startsWith("hub_bench") || !name.matches("[a-z_][a-z0-9_]*")) {
            throw new IllegalArgumentException("refusing to drop database '" + name + "': use a hub_bench_* database");
        }
        try (Connection c = DriverManager.getConnection(url.substring(0, slash + 1) + "postgres", "postgres", "");
                Statement s = c.createStatement()) {
            s.execute("drop database if exists " + name + " with (force)");
            s.execute("create database " + name);
        }
    }

    /** A table row: the p50 of one measurement (in nanoseconds) over the first starts, then over the warm restarts. */
    private static void p50Row(StringBuilder out, List<Launch> launches, String name, ToLongFunction<Launch> nanos,
            DoubleFunction<String> formatMs) {
        out.append("| ").append(name);
        for (String kind : List.of("first", "warm")) {
            long[] values = launches.stream().filter(l -> l.kind().equals(kind)).mapToLong(nanos).toArray();
            out.append(" | ").append(formatMs.apply(new Samples(values).percentileMs(50)));
        }
        out.append(" |\n");
    }

    static String report(String label, List<Launch> launches, Instant started, double loadBefore,
            double loadAfter) {
        StringBuilder out = new StringBuilder();
        out.append("## Embedded hub start-up (issue 13) — ").append(started.truncatedTo(ChronoUnit.SECONDS))
                .append(" — ").append(label).append("\n\n");
        out.append(String.format(Locale.ROOT, "- %d cores, load average %.2f before / %.2f after (shared machine)%n%n",
                Runtime.getRuntime().availableProcessors(), loadBefore, loadAfter));
        out.append("| start | launches | launch → health UP: p50 (min–max) | CPU to UP p50 | JVM \"Started … in\" p50 | "
                + "RSS after UP: p50 (min–max) | SIGTERM → exit p50 |\n|---|---|---|---|---|---|---|\n");
        for (String kind : List.of("first", "warm")) {
            List<Launch> of = launches.stream().filter(l -> l.kind().equals(kind)).toList();
            Samples up = new Samples(of.stream().mapToLong(Launch::toUpNanos).toArray());
            Samples rss = new Samples(of.stream().mapToLong(l -> l.rssKiB() * 1_000_000).toArray());
            Samples jvm = new Samples(of.stream().mapToLong(l -> (long) (l.jvmStartedSeconds() * 1e9)).toArray());
            Samples stop = new Samples(of.stream().mapToLong(Launch::stopNanos).toArray());
            Samples cpu = new Samples(of.stream().mapToLong(Launch::cpuNanos).toArray());
            out.append(String.format(Locale.ROOT, "| %s | %d | **%.1f s** (%.1f–%.1f) | %.1f s | %.1f s "
                    + "| **%,.0f MiB** (%,.0f–%,.0f) | %.1f s |%n",
                    kind.equals("first") ? "first (fresh database: migrations)" : "warm restart", of.size(),
                    up.percentileMs(50) / 1e3, up.minMs() / 1e3, up.maxMs() / 1e3, cpu.percentileMs(50) / 1e3,
                    jvm.percentileMs(50) / 1e3, rss.percentileMs(50) / 1024, rss.minMs() / 1024, rss.maxMs() / 1024,
                    stop.percentileMs(50) / 1e3));
        }
        out.append("\nPhases from the log's timestamps, p50 in ms (each runs until the marker line of the next):\n\n");
        out.append("| phase | first start | warm restart |\n|---|---|---|\n");
        for (String phase : launches.get(0).phaseMillis().keySet()) {
            p50Row(out, launches, phase, l -> l.phaseMillis().getOrDefault(phase, 0L) * 1_000_000,
                    ms -> String.format(Locale.ROOT, "%,.0f", ms));
        }
        out.append("\nCPU until health UP by threads, p50:\n\n| threads | first start | warm restart |\n|---|---|---|\n");
        for (String group : launches.get(0).cpuByThreads().keySet()) {
            p50Row(out, launches, group, l -> l.cpuByThreads().get(group),
                    ms -> String.format(Locale.ROOT, "%.1f s", ms / 1e3));
        }
        return out.toString();
    }
}
