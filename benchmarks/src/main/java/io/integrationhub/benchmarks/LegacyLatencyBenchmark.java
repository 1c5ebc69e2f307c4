package io.integrationhub.benchmarks;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import io.integrationhub.order.OrderApplication;
import io.integrationhub.partners.PartnerAdaptersApplication;

/**
 * Issue 6's numbers: latency of {@code GET /api/v1/orders/{id}?expand=consumer} (legacy consumer-profile API behind the
 * circuit breaker) with the legacy system healthy, slow (3 s, past the 1 s timeout) and down, and the time from the
 * system coming back until the circuit is closed again (a live answer). Run with
 * {@code benchmarks/run.sh legacy [calls=500]}; database hub_bench_flow.
 */
final class LegacyLatencyBenchmark {

    private static final String SECRET = UUID.randomUUID().toString();
    private static final String OPERATOR = "Basic " + java.util.Base64.getEncoder()
            .encodeToString(("admin:" + SECRET).getBytes(java.nio.charset.StandardCharsets.UTF_8));

    private static final String DB = "jdbc:postgresql://127.0.0.1:5432/hub_bench_flow";

    public static void main(String[] args) throws Exception {
        int calls = 500;
        for (String arg : args) {
            if (arg.startsWith("calls=")) {
                calls = Integer.parseInt(arg.substring(6));
            }
        }
        try (ConfigurableApplicationContext hub = start()) {
            int port = ((WebServerApplicationContext) hub).getWebServer().getPort();
            HttpClient http = HttpClient.newHttpClient();
            String consumer = field(operatorPost(http, port, "/partners/api/v1/consumers",
                    "{\"name\":\"Bench\",\"creditLimit\":1000}"), "consumerId");
            String restaurant = field(operatorPost(http, port, "/partners/api/v1/restaurants",
                    "{\"name\":\"Bench Kitchen\",\"menuItems\":[{\"id\":\"dal\",\"name\":\"Dal\",\"price\":4.50}]}"),
                    "restaurantId");
            while (get(http, port, "/api/v1/restaurants/" + restaurant).statusCode() != 200) {
                Thread.sleep(20);
            }
            String order = field(post(http, port, "/api/v1/orders", "{\"consumerId\":\"" + consumer
                    + "\",\"restaurantId\":\"" + restaurant + "\",\"lineItems\":[{\"menuItemId\":\"dal\",\"quantity\":1}]}"),
                    "orderId");
            String path = "/api/v1/orders/" + order + "?expand=consumer";

            measure(http, port, path, 100); // warm-up
            Samples healthy = measure(http, port, path, calls);
            mode(http, port, "{\"mode\":\"slow\",\"latencyMs\":3000}");
            Samples slow = measure(http, port, path, calls / 5);
            mode(http, port, "{\"mode\":\"down\"}");
            Samples down = measure(http, port, path, calls);
            mode(http, port, "{\"mode\":\"normal\"}");
            long back = System.nanoTime();
            while (!get(http, port, path).body().contains("\"source\":\"live\"")) {
                Thread.sleep(50);
            }
            double toClose = (System.nanoTime() - back) / 1e9;

            // a burst of twice the bulkhead against the slow system, the circuit closed: at most 10 calls wait for
            // the timeout, the rest are turned away at once
            mode(http, port, "{\"mode\":\"slow\",\"latencyMs\":3000}");
            Samples burst = burst(http, port, path, 20);
            mode(http, port, "{\"mode\":\"normal\"}");

            System.out.printf("%n## Legacy call behind the circuit breaker (issue 6) — %s%n%n", java.time.Instant.now());
            System.out.printf("- %d cores; order-app + partner-adapters (simulated legacy systems) + embedded Artemis in "
                    + "one JVM; breaker: timeout 1 s, bulkhead 10, 50 %% failures or slow calls over a window of 10 "
                    + "(min 5), open 5 s, 2 half-open probes; sequential calls%n%n",
                    Runtime.getRuntime().availableProcessors());
            System.out.println("| legacy consumer-profile API | calls | p50 | p99 | answered from |");
            System.out.println("|---|---|---|---|---|");
            row("healthy", healthy, "live");
            row("slow (3 s per call)", slow, "cache (timeouts, then open circuit)");
            row("down (connection refused)", down, "cache (failures, then open circuit)");
            row("slow, 20 callers at once", burst, "cache (up to 10 time out; the rest: bulkhead full, then open)");
            System.out.printf("%nback → circuit closed (first live answer): %.1f s (open state 5 s, polled every 50 ms)%n",
                    toClose);
        }
    }

    private static void row(String label, Samples s, String source) {
        System.out.printf("| %s | %d | %.2f ms | %.2f ms | %s |%n", label, s.count(), s.percentileMs(50),
                s.percentileMs(99), source);
    }

    private static Samples measure(HttpClient http, int port, String path, int calls) throws Exception {
        long[] nanos = new long[calls];
        for (int i = 0; i < calls; i++) {
            long t = System.nanoTime();
            HttpResponse<String> response = get(http, port, path);
            if (response.statusCode() != 200) {
                throw new IllegalStateException("GET answered " + response.statusCode());
            }
            nanos[i] = System.nanoTime() - t;
        }
        return new Samples(nanos);
    }

    private static Samples burst(HttpClient http, int port, String path, int callers) {
        List<CompletableFuture<Long>> calls = new ArrayList<>();
        for (int i = 0; i < callers; i++) {
            long t = System.nanoTime();
            calls.add(http.sendAsync(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
                    HttpResponse.BodyHandlers.ofString()).thenApply(response -> {
                        if (response.statusCode() != 200) {
                            throw new IllegalStateException("GET answered " + response.statusCode());
                        }
                        return System.nanoTime() - t;
                    }));
        }
        return new Samples(calls.stream().mapToLong(CompletableFuture::join).toArray());
    }

    private static void mode(HttpClient http, int port, String mode) throws Exception {
        http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                + "/partners/api/v1/legacy/consumer-profiles/instances/0/mode")).header("Content-Type", "application/json")
                .header("Authorization", OPERATOR).PUT(HttpRequest.BodyPublishers.ofString(mode)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> get(HttpClient http, int port, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** The partner API and fault injection need a login; the measured calls do not carry one. */
    private static HttpResponse<String> operatorPost(HttpClient http, int port, String path, String body)
            throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Content-Type", "application/json").header("Authorization", OPERATOR)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> post(HttpClient http, int port, String path, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static String field(HttpResponse<String> response, String name) {
        return response.body().replaceAll(".*\"" + name + "\":\"([^\"]+)\".*", "$1");
    }

    private static ConfigurableApplicationContext start() throws Exception {
        HubUnderTest.ensureDatabase(DB, "postgres", "");
        Path data = HubUnderTest.freshDataDirectory("legacy-artemis");
        int brokerPort;
        int profilesPort;
        int accounting0;
        int accounting1;
        try (var a = new java.net.ServerSocket(0); var b = new java.net.ServerSocket(0);
                var c = new java.net.ServerSocket(0); var d = new java.net.ServerSocket(0)) {
            brokerPort = a.getLocalPort();
            profilesPort = b.getLocalPort();
            accounting0 = c.getLocalPort();
            accounting1 = d.getLocalPort();
        }
        return new SpringApplicationBuilder(OrderApplication.class, PartnerAdaptersApplication.class).run(
                "--spring.application.name=integration-hub",
                "--server.port=0",
                "--spring.datasource.url=" + DB,
                "--spring.datasource.username=postgres",
                "--hub.broker.url=vm://45",
                "--hub.broker.privileged-client-password=" + SECRET,
                "--hub.broker.embedded.enabled=true",
                "--hub.broker.embedded.name=hub-bench-legacy",
                "--hub.broker.embedded.in-vm-id=45",
                "--hub.broker.embedded.port=" + brokerPort,
                // the gRPC server of order-app: never the 9290 a running hub may hold
                "--hub.order-app.grpc.port=" + GrpcPort.free(),
                "--hub.broker.embedded.data-directory=" + data,
                "--hub.security.admin-password=" + SECRET,
                "--hub.legacy.consumer-profiles-ports=" + profilesPort,
                "--hub.legacy.accounting-ports=" + accounting0 + "," + accounting1,
                "--spring.main.banner-mode=off",
                "--logging.level.root=WARN",
                "--logging.level.io.integrationhub=ERROR");
    }
}
