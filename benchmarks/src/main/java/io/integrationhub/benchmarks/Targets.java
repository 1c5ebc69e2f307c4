package io.integrationhub.benchmarks;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The one table of {@code benchmarks/run.sh all}: each measurement of issue 13 beside its target, met or not. */
final class Targets {

    private Targets() {
    }

    static String table(Instant started, double loadBefore, double loadAfter,
            Map<String, List<StartupBenchmark.Launch>> startup, HubBenchmark.Phases phases, ValidationFlowBenchmark.Result flow, HopChain.Floor floor) {
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "## Issue 13's targets — run of %s, %d cores, load average %.2f before / "
                + "%.2f after%n%n", started.truncatedTo(ChronoUnit.SECONDS), Runtime.getRuntime().availableProcessors(),
                loadBefore, loadAfter));
        out.append("| measurement | hub | baseline | hub / baseline | target | met |\n|---|---|---|---|---|---|\n");
        var relay = phases.relay();
        if (relay != null) {
            double ratio = relay.relayPerSecond() / relay.rawPerSecond();
            row(out, "relay rows/s ÷ raw transacted JMS send loop (phase 1)", Samples.rate(relay.relayPerSecond()),
                    Samples.rate(relay.rawPerSecond()), Samples.ratio(ratio), "≥ 0.8", ratio >= 0.8);
            out.append(String.format(Locale.ROOT, "| — floor, not a target: minimal relay (JDBC + JMS, claim / one JMS tx "
                    + "/ mark after commit) ÷ raw loop; hub relay ÷ minimal relay | %s rows/s | %s | %s; %s | "
                    + "(reported) | |%n", Samples.rate(relay.minimalPerSecond()), Samples.rate(relay.rawPerSecond()),
                    Samples.ratio(relay.minimalPerSecond() / relay.rawPerSecond()),
                    Samples.ratio(relay.relayPerSecond() / relay.minimalPerSecond())));
        }
        var intake = phases.intake();
        if (intake != null) {
            double ratio = intake.rest().perSecond() / intake.jdbc().perSecond();
            row(out, "`POST /api/v1/orders` ÷ plain JDBC tx writing the same rows (phase 2)",
                    Samples.rate(intake.rest().perSecond()), Samples.rate(intake.jdbc().perSecond()),
                    Samples.ratio(ratio), "≥ 0.5", ratio >= 0.5);
            double cpuMs = intake.rest().cpuNanos() / 1e6 / intake.rest().count();
            row(out, "— JVM CPU per order (load generator included)", Samples.ms(cpuMs),
                    Samples.ms(intake.jdbc().cpuNanos() / 1e6 / intake.jdbc().count()),
                    Samples.ratio(cpuMs * intake.jdbc().count() / (intake.jdbc().cpuNanos() / 1e6)), "≤ 2 ms",
                    cpuMs <= 2);
            var peer = intake.peer();
            out.append(String.format(Locale.ROOT, "| — floor, not a target: plain Spring MVC peer on the same HTTP stack "
                    + "(Tomcat, security chain, observation, Jackson; the JDBC tx) ÷ JDBC tx; hub ÷ peer; peer JVM CPU "
                    + "per order | %s orders/s, %s/order | %s tx/s | %s; %s | (reported) | |%n",
                    Samples.rate(peer.perSecond()), Cpu.perOp(peer.cpuNanos(), peer.count()),
                    Samples.rate(intake.jdbc().perSecond()), Samples.ratio(peer.perSecond() / intake.jdbc().perSecond()),
                    Samples.ratio(intake.rest().perSecond() / peer.perSecond())));
        }
        if (flow != null) {
            row(out, "POST → VALIDATED, closed loop, orders/s", Samples.rate(flow.validatedPerSecond()), "—", "—",
                    "≥ 300", flow.validatedPerSecond() >= 300);
            floor(out, phases.hops(), HopChain.VALIDATED_HOPS, flow.validatedPerSecond());
            double validatedP99 = flow.validated().latency().percentileMs(99);
            row(out, String.format(Locale.ROOT, "POST → VALIDATED p99 at 50 %% of that rate (%.0f orders/s)",
                    flow.validated().offeredPerSecond()), Samples.ms(validatedP99), "—", "—", "≤ 100 ms",
                    validatedP99 <= 100);
            latencyFloor(out, floor == null ? null : floor.validated(), HopChain.VALIDATED_HOPS,
                    HopChain.VALIDATED_CRITICAL_HOPS, validatedP99, flow.validated().offeredPerSecond());
            commitStalls(out, flow.validated());
            row(out, "POST → APPROVED (full create-order saga), closed loop, orders/s",
                    Samples.rate(flow.approvedPerSecond()), "—", "—", "≥ 150", flow.approvedPerSecond() >= 150);
            floor(out, phases.hops(), HopChain.APPROVED_HOPS, flow.approvedPerSecond());
            double approvedP99 = flow.approved().latency().percentileMs(99);
            row(out, String.format(Locale.ROOT, "POST → APPROVED p99 at 50 %% of that rate (%.0f orders/s)",
                    flow.approved().offeredPerSecond()), Samples.ms(approvedP99), "—", "—", "≤ 250 ms",
                    approvedP99 <= 250);
            latencyFloor(out, floor == null ? null : floor.approved(), HopChain.APPROVED_HOPS,
                    HopChain.APPROVED_CRITICAL_HOPS, approvedP99, flow.approved().offeredPerSecond());
            commitStalls(out, flow.approved());
            out.append(String.format(Locale.ROOT, "| — per order (burst): database / broker transactions | %.1f / %.1f "
                    + "| | | (reported) | |%n", flow.dbTxPerOrder(), flow.brokerTxPerOrder()));
        }
        if (flow == null && phases.hops() != null) {
            floor(out, phases.hops(), HopChain.VALIDATED_HOPS, Double.NaN);
            latencyFloor(out, phases.hops().steady(), HopChain.VALIDATED_HOPS, HopChain.VALIDATED_CRITICAL_HOPS,
                    Double.NaN, Double.NaN);
            floor(out, phases.hops(), HopChain.APPROVED_HOPS, Double.NaN);
            latencyFloor(out, phases.hops().steady(), HopChain.APPROVED_HOPS, HopChain.APPROVED_CRITICAL_HOPS,
                    Double.NaN, Double.NaN);
        }
        if (startup != null) {
            startup.forEach((how, launches) -> {
                for (String kind : List.of("warm", "first")) {
                    List<StartupBenchmark.Launch> of = launches.stream().filter(l -> l.kind().equals(kind)).toList();
                    double upMs = new Samples(of.stream().mapToLong(StartupBenchmark.Launch::toUpNanos).toArray())
                            .percentileMs(50);
                    // Samples scales by 1e6: bytes in, megabytes (10^6 B, the target's unit) out
                    double rssMb = new Samples(of.stream().mapToLong(l -> l.rssKiB() * 1024).toArray())
                            .percentileMs(50);
                    row(out, String.format(Locale.ROOT, "embedded start-up, launch → health UP (%s; %s, p50 of %d)",
                            how, kind.equals("warm") ? "warm restart" : "first start: fresh database, migrations",
                            of.size()), String.format(Locale.ROOT, "%.1f s", upMs / 1e3), "—", "—", "≤ 10 s",
                            upMs <= 10_000);
                    row(out, "— RSS right after UP (" + kind + ")", String.format(Locale.ROOT, "%,.0f MB", rssMb),
                            "—", "—", "≤ 450 MB", rssMb <= 450);
                }
            });
        }
        return out.toString();
    }

    /**
     * "— floor, not a target" row of the minimal hop chain at K hops per order (if it ran at that K): the rate no
     * implementation with this many durable hops per order passes on this machine, and the hub's rate ÷ it (the hub
     * measured later in the same run, in its own JVM).
     */
    private static void floor(StringBuilder out, HopChain.Result hops, int k, double hubPerSecond) {
        HopChain.Run run = hops == null ? null : hops.at(k);
        if (run == null) {
            return;
        }
        out.append(String.format(Locale.ROOT, "| — floor, not a target: minimal hop chain (JDBC + JMS, %d durable hops "
                + "per order, %d in flight; per hop JVM CPU %s + PostgreSQL %s; CPU ceiling %s orders/s); hub ÷ floor | "
                + "%s orders/s | %s hops/s | %s | (reported) | |%n", k, run.inFlight(), Samples.ms(run.cpuMsPerHop()),
                Samples.ms(run.postgresMsPerHop()), Samples.rate(run.cpuCeilingOrdersPerSecond()),
                Samples.rate(run.ordersPerSecond()), Samples.rate(run.hopsPerSecond()),
                Double.isNaN(hubPerSecond) ? "—" : Samples.ratio(hubPerSecond / run.ordersPerSecond())));
    }

    /**
     * "— floor, not a target" row of the minimal hop chain's open loop {@code st} (if it ran): K = 18 orders — whole
     * 18-hop orders running, as in the hub's steady runs — offered at the orders/s the hub was offered for the p99
     * above ({@code hubOfferedPerSecond}; {@link HopChain#floor} runs it after the saga flow: the same offered work),
     * latency from just before hop 1's transaction to the commit of hop {@code hop} (5 ~ VALIDATED, 18 ~ APPROVED:
     * the messages before the state), and to the commit of hop {@code critical} (2, 8: the saga's sequential hops to
     * it, its parallel ones not counted); hub p99 ÷ floor p99 for both.
     */
    private static void latencyFloor(StringBuilder out, HopChain.Steady st, int hop, int critical, double hubP99,
            double hubOfferedPerSecond) {
        if (st == null) {
            return;
        }
        Samples latency = st.to(hop);
        Samples path = st.to(critical);
        String hubRate = Double.isNaN(hubOfferedPerSecond) ? ""
                : String.format(Locale.ROOT, " (hub: %s)", Samples.rate(hubOfferedPerSecond));
        out.append(String.format(Locale.ROOT, "| — floor, not a target: minimal hop chain (JDBC + JMS), open loop of "
                + "%,d orders of %d durable hops at %s, %s orders/s; just before hop 1's transaction → hop %d's commit "
                + "p99 (p50); → hop %d's (the saga's sequential hops); hub p99 ÷ floor p99 for each | %s (%s); %s (%s) "
                + "| offered %s orders/s%s | %s; %s | (reported) | |%n", st.orders(), HopChain.APPROVED_HOPS,
                st.offeredAs(), Samples.rate(st.offeredPerSecond()), hop, critical,
                Samples.ms(latency.percentileMs(99)), Samples.ms(latency.percentileMs(50)),
                Samples.ms(path.percentileMs(99)), Samples.ms(path.percentileMs(50)),
                Samples.rate(st.offeredPerSecond()), hubRate, ratio(hubP99, latency.percentileMs(99)),
                ratio(hubP99, path.percentileMs(99))));
    }

    private static String ratio(double hub, double floor) {
        return Double.isNaN(hub) ? "—" : Samples.ratio(hub / floor);
    }

    /**
     * "— durable commits during that run" row: what a commit's WAL flush took on this machine while the hub's steady
     * run went on ({@link CommitProbe}), and how many of its slowest 1 % of orders had a message in flight during a
     * commit stall — the part of the tail no implementation with durable commits avoids in that run.
     */
    private static void commitStalls(StringBuilder out, ValidationFlowBenchmark.Steady steady) {
        int slowest = ValidationFlowBenchmark.Steady.slowest(steady.latency().count());
        out.append(String.format(Locale.ROOT, "| — not a target: a durable commit during that run (a probe's own "
                + "transaction every 100 ms, timed around its commit); of the hub's %d slowest orders, in flight during "
                + "a commit stall | %s | | %d of %d | (reported) | |%n", slowest, steady.commits().describe(),
                steady.slowestDuringStall(), slowest));
    }

    private static void row(StringBuilder out, String what, String hub, String baseline, String ratio, String target,
            boolean met) {
        out.append("| ").append(what).append(" | **").append(hub).append("** | ").append(baseline).append(" | ")
                .append(ratio).append(" | ").append(target).append(" | ").append(met ? "yes" : "**no**").append(" |\n");
    }
}
