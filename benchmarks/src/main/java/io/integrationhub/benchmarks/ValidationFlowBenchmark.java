package io.integrationhub.benchmarks;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

import io.integrationhub.order.OrderApplication;
import io.integrationhub.partners.PartnerAdaptersApplication;

/**
 * End-to-end POST /api/v1/orders → APPROVED (the whole create-order saga: both validations, the kitchen's ticket,
 * the card authorization through the simulated legacy REST system, the ticket's confirmation — every message over the
 * broker and through the outboxes) and the GetConsumer request/reply round trip, with order-app and the partner
 * adapters in one JVM as in embedded mode.
 *
 * <p>First a closed-loop burst finds the maximum rate (orders reaching APPROVED per second); then orders are offered
 * at half that rate and each order's latency is read from the database: from the start of the transaction that
 * accepted it (orders.created_at) to the start of the one that approved it (orders.updated_at); and each saga step's
 * latency from its log (orders.saga_step: command written to the outbox → reply applied). Run with
 * {@code benchmarks/run.sh validation [orders=1000] [clients=4]}; database hub_bench_flow.
 */
final class ValidationFlowBenchmark {

    private static final String SECRET = UUID.randomUUID().toString();

    private static final String DB = "jdbc:postgresql://127.0.0.1:5432/hub_bench_flow";

    public static void main(String[] args) throws Exception {
        Map<String, String> options = new java.util.HashMap<>();
        for (String arg : args) {
            String[] kv = arg.split("=", 2);
            options.put(kv[0], kv.length > 1 ? kv[1] : "");
        }
        int orders = Integer.parseInt(options.getOrDefault("orders", "1000"));
        int burst = Integer.parseInt(options.getOrDefault("burst", "600"));
        int clients = Integer.parseInt(options.getOrDefault("clients", "4"));
        int roundTrips = Integer.parseInt(options.getOrDefault("round-trips", "1000"));
        HubUnderTest.ensureDatabase(DB, "postgres", "");

        try (ConfigurableApplicationContext hub = start()) {
            int port = ((WebServerApplicationContext) hub).getWebServer().getPort();
            JdbcTemplate jdbc = hub.getBean(JdbcTemplate.class);
            jdbc.execute("truncate orders.orders cascade");
            HubHttp http = new HubHttp(port, SECRET);
            HubHttp.LoadData load = http.createLoadData();
            String consumer = load.consumer();
            String restaurant = load.restaurant();
            String order = "{\"consumerId\":\"" + consumer + "\",\"restaurantId\":\"" + restaurant
                    + "\",\"lineItems\":[{\"menuItemId\":\"dal\",\"quantity\":1}]}";

            System.out.printf("warm-up: 200 orders%n");
            offer(http, order, 200, clients, 0, jdbc);

            System.out.printf("burst: %d orders, %d closed-loop clients%n", burst, clients);
            jdbc.execute("truncate orders.orders cascade");
            long start = System.nanoTime();
            List<Long> burstIds = offer(http, order, burst, clients, 0, jdbc);
            double seconds = (System.nanoTime() - start) / 1e9;
            double maxRate = burst / seconds;
            System.out.printf("burst: %.0f orders/s to APPROVED (%d in %.1f s)%n", maxRate, burst, seconds);

            double rate = maxRate / 2;
            System.out.printf("steady: %d orders at %.0f orders/s (50 %% of the burst rate)%n", orders, rate);
            jdbc.execute("truncate orders.orders cascade");
            List<Long> ids = offer(http, order, orders, clients, rate, jdbc);
            Samples e2e = latencies(jdbc, ids);
            Map<String, Samples> steps = stepLatencies(jdbc);

            System.out.printf("request/reply: %d GET /api/v1/consumers/{id} and %d in-JVM JMS round trips%n",
                    roundTrips, roundTrips);
            long[] viaHttp = new long[roundTrips];
            for (int i = 0; i < roundTrips; i++) {
                long t = System.nanoTime();
                if (http.get("/api/v1/consumers/" + consumer).statusCode() != 200) {
                    throw new IllegalStateException("GET consumer failed");
                }
                viaHttp[i] = System.nanoTime() - t;
            }
            ProducerTemplate producer = hub.getBean(CamelContext.class).createProducerTemplate();
            long[] viaJms = new long[roundTrips];
            for (int i = 0; i < roundTrips; i++) {
                long t = System.nanoTime();
                producer.requestBodyAndHeaders("jms:queue:consumer.queries?exchangePattern=InOut&requestTimeout=2000",
                        "{\"consumerId\":\"" + consumer + "\"}",
                        Map.of("messageType", "GetConsumer", "messageId", UUID.randomUUID().toString()), String.class);
                viaJms[i] = System.nanoTime() - t;
            }
            Samples http1 = new Samples(viaHttp);
            Samples jms = new Samples(viaJms);

            System.out.printf("%n## Create-order saga and request/reply — %s%n%n", java.time.Instant.now());
            System.out.printf("- %d cores, %s; order-app + partner-adapters + embedded Artemis in one JVM, "
                    + "PostgreSQL on localhost%n%n", Runtime.getRuntime().availableProcessors(),
                    System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
            System.out.println("| measurement | value |");
            System.out.println("|---|---|");
            System.out.printf("| POST → APPROVED, closed-loop burst (%d orders, %d clients) | **%.0f orders/s** |%n",
                    burst, clients, maxRate);
            System.out.printf("| POST → APPROVED latency at 50 %% of that rate (%d orders) | p50 **%.1f ms**, "
                    + "p99 **%.1f ms**, max %.1f ms |%n", e2e.count(), e2e.percentileMs(50), e2e.percentileMs(99),
                    e2e.maxMs());
            steps.forEach((step, samples) -> System.out.printf("| saga step %s at that rate: command written → "
                    + "reply applied (%d) | p50 **%.1f ms**, p99 **%.1f ms** |%n", step, samples.count(),
                    samples.percentileMs(50), samples.percentileMs(99)));
            System.out.printf("| GetConsumer over HTTP → JMS InOut (temporary reply queue) → HTTP, %d sequential |"
                    + " p50 **%.2f ms**, p99 **%.2f ms** |%n", roundTrips, http1.percentileMs(50),
                    http1.percentileMs(99));
            System.out.printf("| GetConsumer JMS InOut round trip in the JVM (ProducerTemplate), %d sequential |"
                    + " p50 **%.2f ms**, p99 **%.2f ms** |%n", roundTrips, jms.percentileMs(50),
                    jms.percentileMs(99));
            if (burstIds.isEmpty()) {
                throw new IllegalStateException("no orders");
            }
        }
    }

    /** Offers orders (rate 0 = closed loop) and waits until every one is APPROVED; returns their ids. */
    private static List<Long> offer(HubHttp http, String order, int count, int clients, double rate, JdbcTemplate jdbc)
            throws Exception {
        List<Long> ids = Collections.synchronizedList(new ArrayList<>());
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        long start = System.nanoTime();
        java.util.concurrent.atomic.AtomicInteger next = new java.util.concurrent.atomic.AtomicInteger();
        for (int c = 0; c < clients; c++) {
            pool.submit(() -> {
                int i;
                while ((i = next.getAndIncrement()) < count) {
                    if (rate > 0) {
                        long due = start + (long) (i / rate * 1e9);
                        long wait = due - System.nanoTime();
                        if (wait > 0) {
                            Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                        }
                    }
                    HttpResponse<String> accepted = http.post("/api/v1/orders", order);
                    if (accepted.statusCode() != 202) {
                        throw new IllegalStateException("POST answered " + accepted.statusCode());
                    }
                    ids.add(Long.parseLong(http.id(accepted, "orderId")));
                }
                return null;
            });
        }
        pool.shutdown();
        pool.awaitTermination(10, TimeUnit.MINUTES);
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
        while (true) {
            Integer pending = jdbc.queryForObject("select count(*) from orders.orders where state <> 'APPROVED'",
                    Integer.class);
            Integer done = jdbc.queryForObject("select count(*) from orders.orders where state = 'APPROVED'",
                    Integer.class);
            if (pending == 0 && done >= ids.size()) {
                return ids;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(pending + " orders not APPROVED after 5 minutes (REJECTED: "
                        + jdbc.queryForObject("select count(*) from orders.orders where state = 'REJECTED'",
                                Integer.class) + ")");
            }
            Thread.sleep(20);
        }
    }

    private static Samples latencies(JdbcTemplate jdbc, List<Long> ids) {
        List<Long> nanos = jdbc.queryForList("select (extract(epoch from updated_at - created_at) * 1e9)::bigint "
                + "from orders.orders where state = 'APPROVED'", Long.class);
        return new Samples(nanos.stream().mapToLong(Long::longValue).toArray());
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
