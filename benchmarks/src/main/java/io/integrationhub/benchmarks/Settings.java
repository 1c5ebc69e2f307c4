package io.integrationhub.benchmarks;

import java.util.HashMap;
import java.util.Map;

/**
 * Sizes and connections of one run. Each setting is read from, in this order: a program argument {@code key=value}
 * (or {@code --key=value}), the system property {@code bench.key}, the default below.
 */
record Settings(
        int relayRows, int relayWarmupRows, int aggregates, int payloadBytes,
        int restOrders, int restWarmup, int clients, int restRounds,
        int latencyRate, int latencySeconds, int latencyWarmupSeconds,
        String dbUrl, String dbUser, String dbPassword,
        int brokerPort, int inVmId, String experimentOutboxPropagation, boolean verbose, String phases,
        int flowOrders, int flowBurst, int flowClients, int flowWarmup, int flowRoundTrips, int startupRuns,
        int hopsOrders, int hopsWarmup, String hopsK, int hopsInFlight, int hopsConsumers, int hopsPayloadBytes,
        int hopsSteadyOrders, double hopsSteadyRate) {

    static final String HELP = """
            Settings (program argument key=value, or system property -Dbench.key=value):
              relay.rows=20000          outbox rows relayed in phase 1 (and messages of the raw JMS loop)
              relay.warmup=1000         rows relayed / messages sent before measuring
              aggregates=1000           distinct aggregate ids the rows are spread over
              payload.bytes=1024        size of each JSON payload
              rest.orders=2000          POST /api/v1/orders (and JDBC transactions) measured in phase 2
              rest.warmup=300           requests / transactions before measuring
              clients=8                 concurrent HTTP clients / JDBC threads
              rest.rounds=4             phase 2 measures the hub, the plain MVC peer and the JDBC baseline in turns
                                        (hub, peer, JDBC, JDBC, peer, hub, ...), rest.orders / rest.rounds each per
                                        turn, so load drift hits all three
              latency.rate=100          single-row commits per second in phase 3
              latency.seconds=10        measured duration of phase 3
              latency.warmup=2          seconds of phase 3 not measured
              db.url=jdbc:postgresql://127.0.0.1:5432/hub_bench   (created if missing; never postgres or hub_test)
              db.user=postgres  db.password=
              broker.port=0             TCP acceptor of the embedded broker (0 = any free port; never 61616)
              broker.in-vm-id=42        in-VM acceptor id (hub.broker.url=vm://<id>)
              verbose=false             show the application's INFO logs
              phases=1,2,3              which phases of the default benchmark run (e.g. phases=2: order intake only;
                                        4 = the minimal hop chain, the floor of the saga rates; "all" runs 1,2,3,4)
            Phase 4 (also "hops [orders=..] [warmup=..] [hops=18,5] [in-flight=..] [consumers=..] [payload-bytes=..]
                     [steady-orders=..] [steady-rate=..]"):
              hops.orders=1000          orders measured per K (closed loop, after the warm-up)
              hops.warmup=300           orders before measuring (before the first K; 100 before the others)
              hops.k=18,5               durable hops per order, one burst each (18 ~ APPROVED, 5 ~ VALIDATED)
              hops.in-flight=128        orders in flight (closed loop)
              hops.consumers=8          concurrent transacted JMS consumers
              hops.payload-bytes=512    JSON payload of each hop's message
              hops.steady-orders=1000   orders of K=18 offered open loop (the latency floor), each timed from hop
                                        1's transaction to the commit of hops 2, 5 (~ VALIDATED), 8, 18 (~ APPROVED);
                                        0 = not run. Alone: after the bursts, at hops.steady-rate. With "all":
                                        after the saga flow, once at the hub's VALIDATED and once at its APPROVED
                                        offered orders/s, each at most 60 s of orders at its rate
              hops.steady-rate=0        orders/s of that open loop when phase 4 runs alone; 0 = 50 % of the K=18
                                        closed loop's (near the chain's saturation: no floor for the hub's p99)
            With "all" (every phase, then the create-order saga end to end, then one table of issue 13's targets):
              flow.orders=1000          orders of each steady run (at 50 % of the burst's VALIDATED / APPROVED rate)
              flow.burst=600            orders of the closed-loop burst
              flow.clients=4            closed-loop clients of the burst (and of the steady runs)
              flow.warmup=500           orders to APPROVED before measuring
              flow.round-trips=1000     GetConsumer calls over HTTP and over JMS
              startup.runs=2            fresh database + first start, then a warm restart of the embedded hub, this
                                        many times (as run-embedded.sh starts it; one more unmeasured launch writes
                                        the class-data archive after a build), on this JDK and on every JDK 25+
                                        installed beside it (there with an AOT cache)
              experiment.outbox-propagation=   EXPERIMENT, not the shipped behaviour: set the propagation of
                                        order-app's outboxJmsTransaction policy (e.g. REQUIRED) before relaying
            """;

    Settings withLatencyRate(int rate) {
        return new Settings(relayRows, relayWarmupRows, aggregates, payloadBytes, restOrders, restWarmup, clients,
                restRounds, rate, latencySeconds, latencyWarmupSeconds, dbUrl, dbUser, dbPassword, brokerPort, inVmId,
                experimentOutboxPropagation, verbose, phases, flowOrders, flowBurst, flowClients, flowWarmup,
                flowRoundTrips, startupRuns, hopsOrders, hopsWarmup, hopsK, hopsInFlight, hopsConsumers,
                hopsPayloadBytes, hopsSteadyOrders, hopsSteadyRate);
    }

    /** Whether the default benchmark runs phase {@code n} (setting {@code phases}). */
    boolean runs(int phase) {
        return java.util.Arrays.stream(phases.split(",")).map(String::trim).anyMatch(String.valueOf(phase)::equals);
    }

    static Settings from(String[] args) {
        Map<String, String> given = new HashMap<>();
        for (String arg : args) {
            if (arg.equals("-h") || arg.equals("--help") || arg.equals("help")) {
                System.out.println(HELP);
                System.exit(0);
            }
            String a = arg.startsWith("--") ? arg.substring(2) : arg;
            int eq = a.indexOf('=');
            if (eq < 1) {
                throw new IllegalArgumentException("expected key=value, got: " + arg + "\n" + HELP);
            }
            given.put(a.substring(0, eq), a.substring(eq + 1));
        }
        Reader r = new Reader(given);
        Settings settings = new Settings(
                r.integer("relay.rows", 20_000), r.integer("relay.warmup", 1_000), r.integer("aggregates", 1_000),
                r.integer("payload.bytes", 1_024),
                r.integer("rest.orders", 2_000), r.integer("rest.warmup", 300), r.integer("clients", 8),
                r.integer("rest.rounds", 4),
                r.integer("latency.rate", 100), r.integer("latency.seconds", 10), r.integer("latency.warmup", 2),
                r.string("db.url", "jdbc:postgresql://127.0.0.1:5432/hub_bench"), r.string("db.user", "postgres"),
                r.string("db.password", ""),
                r.integer("broker.port", 0), r.integer("broker.in-vm-id", 42),
                r.string("experiment.outbox-propagation", ""),
                Boolean.parseBoolean(r.string("verbose", "false")), r.string("phases", "1,2,3"),
                r.integer("flow.orders", 1_000), r.integer("flow.burst", 600), r.integer("flow.clients", 4),
                r.integer("flow.warmup", 500), r.integer("flow.round-trips", 1_000),
                r.integer("startup.runs", 2),
                r.integer("hops.orders", 1_000), r.integer("hops.warmup", 300), r.string("hops.k", "18,5"),
                r.integer("hops.in-flight", 128), r.integer("hops.consumers", 8), r.integer("hops.payload-bytes", 512),
                r.integer("hops.steady-orders", 1_000), r.decimal("hops.steady-rate", 0));
        if (!given.isEmpty()) {
            throw new IllegalArgumentException("unknown setting(s) " + given.keySet() + "\n" + HELP);
        }
        if (settings.brokerPort() == 61616) {
            throw new IllegalArgumentException("broker.port 61616 is reserved for the developer's broker");
        }
        if (settings.restRounds() < 1 || settings.restRounds() > settings.restOrders()) {
            throw new IllegalArgumentException("rest.rounds must be between 1 and rest.orders");
        }
        if (settings.payloadBytes() < 128) {
            throw new IllegalArgumentException("payload.bytes must be at least 128");
        }
        return settings;
    }

    private static final class Reader {
        private final Map<String, String> given;

        Reader(Map<String, String> given) {
            this.given = given;
        }

        String string(String key, String fallback) {
            String value = given.remove(key);
            return value != null ? value : System.getProperty("bench." + key, fallback);
        }

        int integer(String key, int fallback) {
            return Integer.parseInt(string(key, String.valueOf(fallback)).replace("_", "").replace(",", ""));
        }

        double decimal(String key, double fallback) {
            return Double.parseDouble(string(key, String.valueOf(fallback)).replace("_", ""));
        }
    }
}
