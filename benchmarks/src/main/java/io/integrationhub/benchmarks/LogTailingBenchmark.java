package io.integrationhub.benchmarks;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import javax.sql.DataSource;

/**
 * {@code benchmarks/run.sh log-tailing}: the polling publisher and the log-tailing relay (Debezium) side by side in one
 * run, each in a fresh order-app on the same database, broker set-up and payloads: (1) a backlog drained from relay
 * start, (2) commit → on the broker at several steady loads, (3) the CPU PostgreSQL spends per message — the ticks of
 * the benchmark database's own backends (the pool's sessions, the relay's lock session and, for log tailing, the
 * walsender), read from /proc before and after each measurement (pg_stat_statements is not installed here, and the
 * server is shared, so server-wide counters would count other databases' work).
 */
final class LogTailingBenchmark {

    private static final int[] RATES = { 100, 500, 1000 };

    private record RelayRun(String relay, int rows, long drainNanos, long drainJvmCpu, double drainDbCpuMs,
            List<DeliveryLatency.Result> latencies, List<Double> latencyDbCpuMs) {
    }

    private LogTailingBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Settings settings = Settings.from(args);
        int exit = 0;
        try {
            Instant started = Instant.now();
            double loadBefore = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
            List<RelayRun> runs = new ArrayList<>();
            for (String relay : List.of("polling", "log-tailing")) {
                runs.add(run(settings, relay));
            }
            double loadAfter = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
            System.out.println();
            System.out.println(report(settings, runs, started, loadBefore, loadAfter));
        } catch (Exception e) {
            System.out.println("BENCHMARK FAILED: " + e);
            e.printStackTrace(System.out);
            exit = 1;
        }
        System.exit(exit);
    }

    private static RelayRun run(Settings settings, String relay) throws Exception {
        Path work = Path.of("benchmarks", "target");
        Progress.say("log-tailing benchmark: order-app with hub.outbox.relay=%s", relay);
        try (HubUnderTest hub = HubUnderTest.start(settings, work, List.of("--hub.outbox.relay=" + relay,
                // the benchmark's slot must not outlive it (it would retain the server's WAL)
                "--hub.outbox.log-tailing.drop-slot-on-close=true"))) {
            hub.resetTables();
            RelayThroughput throughput = new RelayThroughput(hub);
            hub.createQueue(RelayThroughput.QUEUE);
            // the warm-up also creates the log-tailing relay's publication and slot, so the measured backlog is streamed
            throughput.relay(settings.relayWarmupRows(), relay + " warm-up");
            double[] cpu = new double[1];
            long drain = postgresCpu(hub.dataSource, cpu, () -> throughput.relay(settings.relayRows(), relay));
            long drainJvm = throughput.lastCpuNanos();
            List<DeliveryLatency.Result> latencies = new ArrayList<>();
            List<Double> latencyCpu = new ArrayList<>();
            for (int rate : RATES) {
                double[] ms = new double[1];
                DeliveryLatency.Result[] result = new DeliveryLatency.Result[1];
                postgresCpu(hub.dataSource, ms, () -> {
                    result[0] = new DeliveryLatency(hub, settings.withLatencyRate(rate)).run();
                    return 0L;
                });
                latencies.add(result[0]);
                latencyCpu.add(ms[0]);
            }
            return new RelayRun(relay, settings.relayRows(), drain, drainJvm, cpu[0], latencies, latencyCpu);
        }
    }

    private interface Measured {
        long run() throws Exception;
    }

    /** Runs {@code measured}; {@code cpuMs[0]} = CPU ms of this database's backends meanwhile. */
    private static long postgresCpu(DataSource dataSource, double[] cpuMs, Measured measured) throws Exception {
        PostgresCpu cpu = PostgresCpu.start(dataSource);
        long result = measured.run();
        cpuMs[0] = cpu.ms();
        return result;
    }

    private static String report(Settings s, List<RelayRun> runs, Instant started, double loadBefore,
            double loadAfter) {
        StringBuilder out = new StringBuilder();
        out.append("## Outbox relays side by side: polling vs log tailing — ").append(started.truncatedTo(
                ChronoUnit.SECONDS)).append("\n\n");
        out.append(String.format(Locale.ROOT, "- %d cores, load average %.2f before / %.2f after (a shared, busy machine); "
                + "payload %,d B JSON over %,d aggregates; order-app in-process, embedded Artemis (persistent)%n",
                Runtime.getRuntime().availableProcessors(), loadBefore, loadAfter, s.payloadBytes(), s.aggregates()));
        out.append("- DB CPU = CPU of the benchmark database's PostgreSQL backends (walsender included), from /proc\n\n");
        out.append("| measurement | polling | log tailing |\n|---|---|---|\n");
        RelayRun polling = runs.get(0);
        RelayRun tailing = runs.get(1);
        out.append(String.format(Locale.ROOT, "| backlog of %s rows drained from relay start | **%s rows/s** (%s) | "
                + "**%s rows/s** (%s) |%n", Samples.count(polling.rows()),
                Samples.rate(polling.rows() / (polling.drainNanos() / 1e9)), Samples.seconds(polling.drainNanos()),
                Samples.rate(tailing.rows() / (tailing.drainNanos() / 1e9)), Samples.seconds(tailing.drainNanos())));
        out.append(String.format(Locale.ROOT, "| — JVM CPU / DB CPU per message | %s / %s | %s / %s |%n",
                Cpu.perOp(polling.drainJvmCpu(), polling.rows()), Samples.ms(polling.drainDbCpuMs() / polling.rows()),
                Cpu.perOp(tailing.drainJvmCpu(), tailing.rows()), Samples.ms(tailing.drainDbCpuMs() / tailing.rows())));
        for (int i = 0; i < RATES.length; i++) {
            out.append(String.format(Locale.ROOT, "| commit → on broker at %,d rows/s for %d s: p50 / p99 (missing) | %s | "
                    + "%s |%n", RATES[i], s.latencySeconds(), latency(polling, i), latency(tailing, i)));
            out.append(String.format(Locale.ROOT, "| — DB CPU per message | %s | %s |%n",
                    dbCpuPerMessage(polling, i, s), dbCpuPerMessage(tailing, i, s)));
        }
        return out.toString();
    }

    private static String latency(RelayRun run, int i) {
        DeliveryLatency.Result r = run.latencies().get(i);
        return String.format(Locale.ROOT, "%s / **%s** (%d)", Samples.ms(r.latency().percentileMs(50)),
                Samples.ms(r.latency().percentileMs(99)), r.missing());
    }

    private static String dbCpuPerMessage(RelayRun run, int i, Settings s) {
        DeliveryLatency.Result r = run.latencies().get(i);
        int messages = r.rate() * (r.seconds() + s.latencyWarmupSeconds()); // warm-up rows are relayed too
        return Samples.ms(run.latencyDbCpuMs().get(i) / messages);
    }
}
