package io.integrationhub.benchmarks;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.camel.CamelContext;
import org.apache.camel.api.management.ManagedCamelContext;
import org.apache.camel.api.management.mbean.ManagedRouteMBean;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

import io.integrationhub.order.OrderApplication;
import io.integrationhub.partners.PartnerAdaptersApplication;

/**
 * Delivery quotes (publish / async responses), both couriers up: for each order, DeliveryQuoteRequested written to
 * the outbox → OrderDeliveryQuoted written (the aggregator completed on the second answer and recorded the cheapest
 * quote), read from the two outbox rows' created_at (one database clock). Run twice in one invocation on the same
 * machine, database and load — once with the shipped PostgreSQL aggregation repository, once with Camel's in-memory one
 * ({@code hub.order-app.delivery-quotes.repository=memory}) — each in a fresh hub (order-app + partner-adapters +
 * embedded Artemis in one JVM), orders offered at the same fixed rate. Also the aggregation route's mean processing
 * time per answer (Camel's JMX statistics). Run with {@code benchmarks/run.sh quotes [orders=300] [rate=8]}; database
 * hub_bench_quotes.
 */
final class QuoteAggregationBenchmark {

    private static final String SECRET = UUID.randomUUID().toString();
    private static final String DB = "jdbc:postgresql://127.0.0.1:5432/hub_bench_quotes";

    record Result(String repository, Samples latency, double routeMeanMs, long answers, int orders) {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = new HashMap<>();
        for (String arg : args) {
            String[] kv = arg.split("=", 2);
            options.put(kv[0], kv.length > 1 ? kv[1] : "");
        }
        int orders = Integer.parseInt(options.getOrDefault("orders", "300"));
        int warmup = Integer.parseInt(options.getOrDefault("warmup", "60"));
        double rate = Double.parseDouble(options.getOrDefault("rate", "8"));
        HubUnderTest.ensureDatabase(DB, "postgres", "");
        Instant started = Instant.now();
        double loadBefore = java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        // which runs first is an option: on a shared machine the load drifts, so an order effect can be checked
        List<String> sequence = List.of(options.getOrDefault("order", "jdbc,memory").split(","));
        Map<String, Result> results = new HashMap<>();
        int inVm = 44;
        for (String repository : sequence) {
            results.put(repository, run(repository, inVm++, orders, warmup, rate));
        }
        double loadAfter = java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();

        Result jdbc = results.get("jdbc");
        Result memory = results.get("memory");
        System.out.printf("%n## Delivery-quote aggregation, persistent vs in-memory repository — %s%n%n", started);
        System.out.printf(Locale.ROOT, "- %d cores, %s %s; order-app + partner-adapters + embedded Artemis in one JVM, "
                + "PostgreSQL on localhost; load average %.2f before / %.2f after; two couriers, both answering; "
                + "%d orders (after %d warm-up) offered at %.1f orders/s to each hub; run order %s%n%n",
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.vm.name"),
                System.getProperty("java.version"), loadBefore, loadAfter, orders, warmup, rate, sequence);
        System.out.println("| measurement | PostgreSQL repository (shipped) | in-memory repository | persistent / memory |");
        System.out.println("|---|---|---|---|");
        for (double p : new double[] { 50, 99 }) {
            System.out.printf(Locale.ROOT, "| request → completion (DeliveryQuoteRequested → OrderDeliveryQuoted "
                    + "committed) p%.0f | **%s** | **%s** | %s |%n", p, Samples.ms(jdbc.latency().percentileMs(p)),
                    Samples.ms(memory.latency().percentileMs(p)),
                    Samples.ratio(jdbc.latency().percentileMs(p) / memory.latency().percentileMs(p)));
        }
        System.out.printf(Locale.ROOT, "| request → completion max | %s | %s | |%n",
                Samples.ms(jdbc.latency().maxMs()), Samples.ms(memory.latency().maxMs()));
        System.out.printf(Locale.ROOT, "| aggregation route, mean processing time per answer (%s / %s answers; "
                + "repository add, completion and recording included) | **%.2f ms** | **%.2f ms** | %s |%n",
                Samples.count(jdbc.answers()), Samples.count(memory.answers()), jdbc.routeMeanMs(),
                memory.routeMeanMs(), Samples.ratio(jdbc.routeMeanMs() / memory.routeMeanMs()));
        System.exit(0); // leftover HTTP client and broker threads must not keep the JVM alive
    }

    private static Result run(String repository, int inVm, int orders, int warmup, double rate) throws Exception {
        System.out.printf("%s repository: starting the hub ...%n", repository);
        try (ConfigurableApplicationContext hub = start(repository, inVm)) {
            int port = ((WebServerApplicationContext) hub).getWebServer().getPort();
            JdbcTemplate jdbc = hub.getBean(JdbcTemplate.class);
            CamelContext camel = hub.getBean(CamelContext.class);
            jdbc.execute("truncate orders.orders cascade");
            HubHttp http = new HubHttp(port, SECRET);
            HubHttp.LoadData load = http.createLoadData();
            String consumer = load.consumer();
            String restaurant = load.restaurant();
            while (!camel.getRouteController().getRouteStatus("aggregate-delivery-quotes").isStarted()) {
                Thread.sleep(20); // the leadership check starts the quote routes shortly after Camel
            }
            String order = "{\"consumerId\":\"" + consumer + "\",\"restaurantId\":\"" + restaurant
                    + "\",\"lineItems\":[{\"menuItemId\":\"dal\",\"quantity\":1}]}";
            System.out.printf("%s repository: warm-up, %d orders%n", repository, warmup);
            offer(http, order, warmup, rate, jdbc);
            // the warm-up's sagas may still be running: measure the rows written after it, delete nothing
            long mark = jdbc.queryForObject("select coalesce(max(id), 0) from orders.outbox", Long.class);
            ManagedRouteMBean route = camel.getCamelContextExtension().getContextPlugin(ManagedCamelContext.class)
                    .getManagedRoute("aggregate-delivery-quotes");
            route.reset();
            System.out.printf("%s repository: %d orders at %.1f orders/s%n", repository, orders, rate);
            offer(http, order, orders, rate, jdbc);
            List<Long> nanos = jdbc.queryForList("select (extract(epoch from d.created_at - r.created_at) * 1e9)"
                    + "::bigint from orders.outbox r join orders.outbox d on d.aggregate_id = r.aggregate_id "
                    + "and d.message_type = 'OrderDeliveryQuoted' where r.message_type = 'DeliveryQuoteRequested' "
                    + "and r.id > ?", Long.class, mark);
            if (nanos.size() != orders) {
                throw new IllegalStateException(nanos.size() + " of " + orders + " requests completed");
            }
            Integer quotedByAll = jdbc.queryForObject("select count(*) from orders.orders where "
                    + "delivery_completed_by = 'all'", Integer.class);
            if (quotedByAll < orders + warmup) {
                throw new IllegalStateException("only " + quotedByAll + " orders completed by all couriers");
            }
            return new Result(repository, new Samples(nanos.stream().mapToLong(Long::longValue).toArray()),
                    route.getMeanProcessingTime(), route.getExchangesTotal(), orders);
        }
    }

    /** Offers orders at a fixed rate from one client and waits until each has its delivery recorded. */
    private static void offer(HubHttp http, String order, int count, double rate, JdbcTemplate jdbc) throws Exception {
        Integer before = jdbc.queryForObject("select count(*) from orders.orders where delivery_state is not null",
                Integer.class);
        long start = System.nanoTime();
        for (int i = 0; i < count; i++) {
            long wait = start + (long) (i / rate * 1e9) - System.nanoTime();
            if (wait > 0) {
                Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
            }
            HttpResponse<String> accepted = http.post("/api/v1/orders", order);
            if (accepted.statusCode() != 202) {
                throw new IllegalStateException("POST answered " + accepted.statusCode());
            }
        }
        long deadline = System.nanoTime() + 300_000_000_000L;
        while (jdbc.queryForObject("select count(*) from orders.orders where delivery_state is not null",
                Integer.class) < before + count) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("deliveries not all recorded after 5 minutes");
            }
            Thread.sleep(50);
        }
    }

    private static ConfigurableApplicationContext start(String repository, int inVm) throws Exception {
        Path data = HubUnderTest.freshDataDirectory("quotes-artemis-" + repository);
        int brokerPort = freePort();
        return new SpringApplicationBuilder(OrderApplication.class, PartnerAdaptersApplication.class).run(
                "--spring.application.name=integration-hub",
                "--server.port=0",
                "--spring.datasource.url=" + DB,
                "--spring.datasource.username=postgres",
                "--hub.broker.url=vm://" + inVm,
                "--hub.broker.privileged-client-password=" + SECRET,
                "--hub.broker.embedded.enabled=true",
                "--hub.broker.embedded.name=hub-bench-quotes-" + repository,
                "--hub.broker.embedded.in-vm-id=" + inVm,
                "--hub.broker.embedded.port=" + brokerPort,
                // the gRPC server of order-app: never the 9290 a running hub may hold
                "--hub.order-app.grpc.port=" + GrpcPort.free(),
                "--hub.broker.embedded.data-directory=" + data,
                "--hub.security.admin-password=" + SECRET,
                "--hub.order-app.delivery-quotes.repository=" + repository,
                // the simulated legacy systems on free ports: another hub on this machine may hold the defaults
                "--hub.legacy.accounting-ports=" + freePort() + "," + freePort(),
                "--hub.legacy.consumer-profiles-ports=" + freePort(),
                "--spring.main.banner-mode=off",
                "--logging.level.root=WARN",
                "--logging.level.io.integrationhub=WARN",
                "--logging.level.order-replies=WARN",
                "--logging.level.restaurant-replica=WARN");
    }

    private static int freePort() throws java.io.IOException {
        try (var socket = new java.net.ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
