package io.integrationhub.benchmarks;

import java.lang.management.ManagementFactory;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.support.DefaultMessage;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import io.grpc.ManagedChannel;
import io.grpc.netty.NettyChannelBuilder;
import io.integrationhub.contracts.proto.v1.ConsumerQueryGrpc;
import io.integrationhub.contracts.proto.v1.GetConsumerRequest;
import io.integrationhub.order.OrderApplication;
import io.integrationhub.order.replica.RestaurantEventReader;
import io.integrationhub.partners.PartnerAdaptersApplication;
import io.integrationhub.partners.PartnerJson;
import io.integrationhub.partners.restaurant.RestaurantEventFormat;
import io.integrationhub.partners.restaurant.RestaurantMessages;
import io.integrationhub.partners.restaurant.RestaurantService;
import io.integrationhub.routes.messaging.Channels;
import io.integrationhub.routes.messaging.ContentTypes;
import io.integrationhub.routes.outbox.OutboxWriter;

/**
 * Issue 15 item 4: JSON vs Protocol Buffers for restaurant.events' RestaurantCreated (size, encode and decode time
 * with the hub's own encoder and reader), the end-to-end effect (the same events through the restaurant service's
 * outbox, the relay, the broker and order-app's replica, in each format), and the synchronous consumer query over
 * REST, JMS InOut and gRPC, side by side. Both services and an embedded Artemis in this JVM, database
 * hub_bench_formats. Run with {@code benchmarks/run.sh formats [menu-items=20] [iterations=20000] [events=1000]
 * [round-trips=1000]}.
 */
final class FormatsBenchmark {

    private static final String SECRET = UUID.randomUUID().toString();
    private static final String DB = "jdbc:postgresql://127.0.0.1:5432/hub_bench_formats";

    public static void main(String[] args) throws Exception {
        Map<String, String> options = new java.util.HashMap<>();
        for (String arg : args) {
            String[] kv = arg.split("=", 2);
            options.put(kv[0], kv.length > 1 ? kv[1] : "");
        }
        int menuItems = Integer.parseInt(options.getOrDefault("menu-items", "20"));
        int iterations = Integer.parseInt(options.getOrDefault("iterations", "20000"));
        int events = Integer.parseInt(options.getOrDefault("events", "1000"));
        int roundTrips = Integer.parseInt(options.getOrDefault("round-trips", "1000"));
        double loadBefore = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        HubUnderTest.ensureDatabase(DB, "postgres", "");
        int grpcPort = freePort();
        int exit = 0;
        try (ConfigurableApplicationContext hub = start(grpcPort)) {
            // the restaurant service's own JSON writer and the replica's own reader
            PartnerJson partnerJson = hub.getBean(PartnerJson.class);
            RestaurantEventReader reader = hub.getBean(RestaurantEventReader.class);
            CamelContext camel = hub.getBean(CamelContext.class);

            // 1. the message alone
            RestaurantMessages.RestaurantCreated event = restaurant("r-" + UUID.randomUUID(), menuItems);
            byte[] jsonBytes = partnerJson.write(event).getBytes(StandardCharsets.UTF_8);
            byte[] protoBytes = RestaurantEventFormat.protobuf(event).toByteArray();
            Progress.say("formats: RestaurantCreated with %d menu items: JSON %d B, protobuf %d B", menuItems,
                    jsonBytes.length, protoBytes.length);
            Codec jsonCodec = new Codec(() -> partnerJson.write(event).getBytes(StandardCharsets.UTF_8),
                    () -> reader.read(message(camel, ContentTypes.JSON, new String(jsonBytes, StandardCharsets.UTF_8))));
            Codec protoCodec = new Codec(() -> RestaurantEventFormat.protobuf(event).toByteArray(),
                    () -> reader.read(message(camel, ContentTypes.PROTOBUF, protoBytes)));
            double[] jsonNs = jsonCodec.measure(iterations);
            double[] protoNs = protoCodec.measure(iterations);

            // 2. end to end: restaurant service → outbox → relay → broker → replica, each format
            JdbcTemplate jdbc = hub.getBean(JdbcTemplate.class);
            DataSource dataSource = hub.getBean(DataSource.class);
            OutboxWriter outbox = (OutboxWriter) hub.getBean("restaurantOutbox");
            Channels channels = hub.getBean(Channels.class);
            TransactionTemplate tx = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
            Map<String, RestaurantService> publishers = Map.of(
                    ContentTypes.JSON, new RestaurantService(jdbc, outbox, partnerJson, channels,
                            new RestaurantEventFormat(ContentTypes.JSON)),
                    ContentTypes.PROTOBUF, new RestaurantService(jdbc, outbox, partnerJson, channels,
                            new RestaurantEventFormat(ContentTypes.PROTOBUF)));
            endToEnd("warm-up " + ContentTypes.JSON, publishers.get(ContentTypes.JSON), Math.max(50, events / 5),
                    menuItems, tx, jdbc);
            endToEnd("warm-up " + ContentTypes.PROTOBUF, publishers.get(ContentTypes.PROTOBUF),
                    Math.max(50, events / 5), menuItems, tx, jdbc);
            EndToEnd jsonRun = null;
            EndToEnd protoRun = null;
            for (int round = 0; round < 2; round++) {
                jsonRun = EndToEnd.better(jsonRun, endToEnd(ContentTypes.JSON, publishers.get(ContentTypes.JSON),
                        events, menuItems, tx, jdbc));
                protoRun = EndToEnd.better(protoRun, endToEnd(ContentTypes.PROTOBUF,
                        publishers.get(ContentTypes.PROTOBUF), events, menuItems, tx, jdbc));
            }

            // 3. the synchronous consumer query, three ways
            int port = ((WebServerApplicationContext) hub).getWebServer().getPort();
            HubHttp http = new HubHttp(port, SECRET);
            String consumer = http.id(http.operatorPost("/partners/api/v1/consumers",
                    "{\"name\":\"Bench\",\"creditLimit\":500}"), "consumerId");
            ProducerTemplate producer = camel.createProducerTemplate();
            ManagedChannel channel = NettyChannelBuilder.forAddress("127.0.0.1", grpcPort).usePlaintext().build();
            ConsumerQueryGrpc.ConsumerQueryBlockingStub grpc = ConsumerQueryGrpc.newBlockingStub(channel);
            Call rest = () -> {
                if (http.get("/api/v1/consumers/" + consumer).statusCode() != 200) {
                    throw new IllegalStateException("GET /api/v1/consumers failed");
                }
            };
            Call jms = () -> producer.requestBodyAndHeaders(
                    "jms:queue:consumer.queries?exchangePattern=InOut&requestTimeout=2000",
                    "{\"consumerId\":\"" + consumer + "\"}",
                    Map.of("messageType", "GetConsumer", "messageId", UUID.randomUUID().toString()), String.class);
            Call rpc = () -> grpc.withDeadlineAfter(2, TimeUnit.SECONDS)
                    .getConsumer(GetConsumerRequest.newBuilder().setConsumerId(consumer).build());
            Progress.say("consumer query: warm-up, then %d sequential calls each, interleaved", roundTrips);
            for (Call call : List.of(rest, jms, rpc)) {
                for (int i = 0; i < 300; i++) {
                    call.run();
                }
            }
            long[][] nanos = new long[3][roundTrips];
            List<Call> calls = List.of(rest, jms, rpc);
            for (int i = 0; i < roundTrips; i++) {
                for (int c = 0; c < 3; c++) {
                    long t = System.nanoTime();
                    calls.get(c).run();
                    nanos[c][i] = System.nanoTime() - t;
                }
            }
            channel.shutdownNow();
            Samples restSamples = new Samples(nanos[0]);
            Samples jmsSamples = new Samples(nanos[1]);
            Samples grpcSamples = new Samples(nanos[2]);
            double loadAfter = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();

            StringBuilder out = new StringBuilder();
            out.append(String.format(Locale.ROOT, "%n## Message formats and synchronous queries (issue 15) — %s%n%n",
                    java.time.Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS)));
            out.append(String.format(Locale.ROOT, "- %d cores, %s %s; order-app + partner-adapters + embedded Artemis "
                    + "in one JVM, PostgreSQL on localhost; load average %.2f before / %.2f after (a shared machine: "
                    + "other builds ran)%n%n", Runtime.getRuntime().availableProcessors(),
                    System.getProperty("java.vm.name"), System.getProperty("java.version"), loadBefore, loadAfter));
            out.append("| RestaurantCreated, " + menuItems + " menu items | JSON (Jackson) | protobuf (hub.proto) | "
                    + "protobuf / JSON |\n|---|---|---|---|\n");
            out.append(String.format(Locale.ROOT, "| size on the wire | %,d B | %,d B | **%s** |%n", jsonBytes.length,
                    protoBytes.length, Samples.ratio((double) protoBytes.length / jsonBytes.length)));
            out.append(String.format(Locale.ROOT, "| encode (record → bytes), best of 5 × %,d | %,.0f ns | %,.0f ns | "
                    + "**%s** |%n", iterations, jsonNs[0], protoNs[0], Samples.ratio(protoNs[0] / jsonNs[0])));
            out.append(String.format(Locale.ROOT, "| decode (bytes → the replica's event, RestaurantEventReader) | "
                    + "%,.0f ns | %,.0f ns | **%s** |%n", jsonNs[1], protoNs[1], Samples.ratio(protoNs[1] / jsonNs[1])));
            out.append(String.format(Locale.ROOT, "| end to end: %,d events, restaurant service commit → replica "
                    + "applied (outbox, relay, broker, replica), better of 2 | %s events/s, JVM CPU %s per event | "
                    + "%s events/s, JVM CPU %s per event | **%s** (rate) |%n", events, Samples.rate(jsonRun.perSecond()),
                    Cpu.perOp(jsonRun.cpuNanos(), events), Samples.rate(protoRun.perSecond()),
                    Cpu.perOp(protoRun.cpuNanos(), events), Samples.ratio(protoRun.perSecond() / jsonRun.perSecond())));
            out.append(String.format(Locale.ROOT, "| outbox payload stored (base64 for protobuf) | %,d B | %,d B | "
                    + "%s |%n%n", jsonRun.storedBytes(), protoRun.storedBytes(),
                    Samples.ratio((double) protoRun.storedBytes() / jsonRun.storedBytes())));
            out.append(String.format(Locale.ROOT, "| consumer query, %,d sequential calls each (interleaved) | p50 | p99 "
                    + "|%n|---|---|---|%n", roundTrips));
            out.append(String.format(Locale.ROOT, "| REST `GET /api/v1/consumers/{id}` (HTTP → JMS InOut → HTTP) | "
                    + "**%s** | **%s** |%n", Samples.ms(restSamples.percentileMs(50)),
                    Samples.ms(restSamples.percentileMs(99))));
            out.append(String.format(Locale.ROOT, "| gRPC `ConsumerQuery/GetConsumer` (gRPC → JMS InOut → gRPC), "
                    + "deadline 2 s | **%s** | **%s** |%n", Samples.ms(grpcSamples.percentileMs(50)),
                    Samples.ms(grpcSamples.percentileMs(99))));
            out.append(String.format(Locale.ROOT, "| JMS InOut alone (ProducerTemplate in the JVM, temporary reply "
                    + "queue) | **%s** | **%s** |%n", Samples.ms(jmsSamples.percentileMs(50)),
                    Samples.ms(jmsSamples.percentileMs(99))));
            System.out.println(out);
        } catch (Exception e) {
            System.out.println("BENCHMARK FAILED: " + e);
            e.printStackTrace(System.out);
            exit = 1;
        }
        System.exit(exit);
    }

    @FunctionalInterface
    interface Call {
        void run() throws Exception;
    }

    @FunctionalInterface
    interface Step {
        Object run() throws Exception;
    }

    /** Encode and decode timed in a loop; the results are kept in a sink so the JIT cannot drop the work. */
    record Codec(Step encode, Step decode) {
        static volatile Object sink;

        /** @return best ns per encode, best ns per decode, over 5 rounds after a warm-up round */
        double[] measure(int iterations) throws Exception {
            double bestEncode = Double.MAX_VALUE;
            double bestDecode = Double.MAX_VALUE;
            for (int round = 0; round < 6; round++) {
                long t = System.nanoTime();
                for (int i = 0; i < iterations; i++) {
                    sink = encode.run();
                }
                double encodeNs = (System.nanoTime() - t) / (double) iterations;
                t = System.nanoTime();
                for (int i = 0; i < iterations; i++) {
                    sink = decode.run();
                }
                double decodeNs = (System.nanoTime() - t) / (double) iterations;
                if (round > 0) { // round 0 warms up
                    bestEncode = Math.min(bestEncode, encodeNs);
                    bestDecode = Math.min(bestDecode, decodeNs);
                }
            }
            return new double[] { bestEncode, bestDecode };
        }
    }

    record EndToEnd(double perSecond, long cpuNanos, long storedBytes) {
        static EndToEnd better(EndToEnd a, EndToEnd b) {
            return a == null || b.perSecond() > a.perSecond() ? b : a;
        }
    }

    /** Publishes {@code events} RestaurantCreated, one transaction each, and waits until the replica has them all. */
    private static EndToEnd endToEnd(String label, RestaurantService publisher, int events, int menuItems,
            TransactionTemplate tx, JdbcTemplate jdbc) throws Exception {
        String prefix = "r-bench-" + UUID.randomUUID().toString().substring(0, 8) + "-";
        long cpu = Cpu.processNanos();
        long start = System.nanoTime();
        for (int i = 0; i < events; i++) {
            RestaurantMessages.RestaurantCreated r = restaurant(prefix + i, menuItems);
            tx.executeWithoutResult(status -> publisher.create(r.restaurantId(), r.name(), r.menuItems(), null));
        }
        while (jdbc.queryForObject("select count(*) from orders.restaurant_replica where id like ?", Integer.class,
                prefix + "%") < events) {
            Thread.sleep(5); // a benchmark waiting for its work to finish, not an assertion
        }
        long nanos = System.nanoTime() - start;
        long cpuNanos = Cpu.processNanos() - cpu;
        Long stored = jdbc.queryForObject("select coalesce(avg(octet_length(payload)), 0)::bigint from "
                + "restaurant.outbox where aggregate_id like ?", Long.class, prefix + "%");
        double perSecond = events / (nanos / 1e9);
        Progress.say("end to end %s: %d events in %s = %s events/s", label, events, Samples.seconds(nanos),
                Samples.rate(perSecond));
        return new EndToEnd(perSecond, cpuNanos, stored == null ? 0 : stored);
    }

    private static RestaurantMessages.RestaurantCreated restaurant(String id, int menuItems) {
        List<RestaurantMessages.MenuItem> items = new ArrayList<>();
        for (int i = 0; i < menuItems; i++) {
            items.add(new RestaurantMessages.MenuItem("item-" + i, "Menu item number " + i,
                    new BigDecimal("4.50").add(BigDecimal.valueOf(i))));
        }
        return new RestaurantMessages.RestaurantCreated(id, "Bench Kitchen " + id, 1, items);
    }

    private static DefaultMessage message(CamelContext camel, String contentType, Object body) {
        DefaultMessage message = new DefaultMessage(camel);
        message.setHeader("Content-Type", contentType);
        message.setHeader("messageType", "RestaurantCreated");
        message.setBody(body);
        return message;
    }

    private static int freePort() throws java.io.IOException {
        try (var socket = new java.net.ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static ConfigurableApplicationContext start(int grpcPort) throws Exception {
        Path data = HubUnderTest.freshDataDirectory("formats-artemis");
        return new SpringApplicationBuilder(OrderApplication.class, PartnerAdaptersApplication.class).run(
                "--spring.application.name=integration-hub",
                "--server.port=0",
                "--spring.datasource.url=" + DB,
                "--spring.datasource.username=postgres",
                "--hub.broker.url=vm://46",
                "--hub.broker.privileged-client-password=" + SECRET,
                "--hub.broker.embedded.enabled=true",
                "--hub.broker.embedded.name=hub-bench-formats",
                "--hub.broker.embedded.in-vm-id=46",
                "--hub.broker.embedded.port=" + freePort(),
                "--hub.broker.embedded.data-directory=" + data,
                "--hub.order-app.grpc.port=" + grpcPort,
                "--hub.security.admin-password=" + SECRET,
                "--spring.main.banner-mode=off",
                "--logging.level.root=WARN",
                "--logging.level.io.integrationhub=WARN",
                "--logging.level.restaurant-replica=WARN",
                "--logging.level.update-replica=WARN");
    }
}
