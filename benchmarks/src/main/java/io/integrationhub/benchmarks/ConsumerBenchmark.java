package io.integrationhub.benchmarks;

import java.nio.file.Path;
import java.util.UUID;

import jakarta.jms.ConnectionFactory;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;

import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

import io.integrationhub.order.OrderApplication;
import io.integrationhub.routes.idempotency.IdempotencyConfiguration;
import io.integrationhub.routes.idempotency.ProcessedMessages;

/**
 * Issue 5's number: a transacted JMS consumer doing one business insert per message, with the idempotent consumer
 * (JDBC repository, same transaction) and without it, side by side on the same broker, database and message size.
 * Messages are queued first with the route stopped; the time runs from route start until the last business row is
 * committed. Run with {@code benchmarks/run.sh consumer [messages=5000] [consumers=1]}; database hub_bench_consumer.
 */
final class ConsumerBenchmark {

    private static final String DB = "jdbc:postgresql://127.0.0.1:5432/hub_bench_consumer";

    public static void main(String[] args) throws Exception {
        int messages = 5000;
        int consumers = 1;
        for (String arg : args) {
            if (arg.startsWith("messages=")) {
                messages = Integer.parseInt(arg.substring(9));
            } else if (arg.startsWith("consumers=")) {
                consumers = Integer.parseInt(arg.substring(10));
            }
        }
        HubUnderTest.ensureDatabase(DB, "postgres", "");
        try (ConfigurableApplicationContext hub = start()) {
            JdbcTemplate jdbc = hub.getBean(JdbcTemplate.class);
            jdbc.execute("create table if not exists orders.bench_effects (message_id varchar(100) primary key, "
                    + "route varchar(40) not null, size int not null)");
            CamelContext camel = hub.getBean(CamelContext.class);
            ProcessedMessages processed = hub.getBean(ProcessedMessages.class);
            int concurrent = consumers;
            camel.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    from("jms:queue:order.bench-plain?transacted=true&disableReplyTo=true&concurrentConsumers="
                            + concurrent).routeId("bench-plain").autoStartup(false)
                            .transacted(IdempotencyConfiguration.JDBC_TRANSACTION)
                            .to("sql:insert into orders.bench_effects (message_id, route, size) values "
                                    + "(:#${header.messageId}, 'plain', :#${body.length})");
                    from("jms:queue:order.bench-idempotent?transacted=true&disableReplyTo=true&concurrentConsumers="
                            + concurrent).routeId("bench-idempotent").autoStartup(false)
                            .transacted(IdempotencyConfiguration.JDBC_TRANSACTION)
                            .idempotentConsumer(header("messageId"), processed.repository("orders", "bench-idempotent"))
                                .to("sql:insert into orders.bench_effects (message_id, route, size) values "
                                        + "(:#${header.messageId}, 'idempotent', :#${body.length})")
                            .end();
                }
            });
            ConnectionFactory factory = hub.getBean(ConnectionFactory.class);
            String payload = "{\"pad\":\"" + "x".repeat(1000) + "\"}";
            // warm-up, then measure each variant twice, alternating, and keep the better run of each
            run("warm-up", "bench-plain", "order.bench-plain", "plain", 1000, payload, factory, camel, jdbc);
            run("warm-up", "bench-idempotent", "order.bench-idempotent", "idempotent", 1000, payload, factory, camel, jdbc);
            double plain = 0;
            double idempotent = 0;
            for (int round = 0; round < 2; round++) {
                plain = Math.max(plain, run("plain", "bench-plain", "order.bench-plain", "plain", messages, payload,
                        factory, camel, jdbc));
                idempotent = Math.max(idempotent, run("idempotent", "bench-idempotent", "order.bench-idempotent",
                        "idempotent", messages, payload, factory, camel, jdbc));
            }
            System.out.printf("%n## Idempotent consumer cost (issue 5) — %s%n%n", java.time.Instant.now());
            System.out.printf("- %d cores, %s; order-app + embedded Artemis in one JVM, PostgreSQL on localhost; "
                    + "%d messages of %d B per run, %d consumer(s), transacted JMS + one JDBC transaction each%n%n",
                    Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"), messages,
                    payload.length(), consumers);
            System.out.println("| route | messages/s | ms per message |");
            System.out.println("|---|---|---|");
            System.out.printf("| business insert, no idempotent repository | **%.0f** | %.3f |%n", plain, 1000 / plain);
            System.out.printf("| idempotent consumer (JdbcMessageIdRepository, same transaction) + business insert |"
                    + " **%.0f** | %.3f |%n", idempotent, 1000 / idempotent);
            System.out.printf("| ratio with / without | **%.2f** | duplicate check costs %.3f ms per message |%n",
                    idempotent / plain, 1000 / idempotent - 1000 / plain);
        }
    }

    /** @return messages/s from route start until every message's business row is committed */
    private static double run(String label, String routeId, String queue, String route, int count, String payload,
            ConnectionFactory factory, CamelContext camel, JdbcTemplate jdbc) throws Exception {
        jdbc.update("delete from orders.bench_effects where route = ?", route);
        try (jakarta.jms.Connection connection = factory.createConnection()) {
            Session session = connection.createSession(true, Session.SESSION_TRANSACTED);
            MessageProducer producer = session.createProducer(session.createQueue(queue));
            for (int i = 0; i < count; i++) {
                TextMessage message = session.createTextMessage(payload);
                message.setStringProperty("messageId", UUID.randomUUID().toString());
                producer.send(message);
                if (i % 100 == 99) {
                    session.commit();
                }
            }
            session.commit();
        }
        long start = System.nanoTime();
        camel.getRouteController().startRoute(routeId);
        while (jdbc.queryForObject("select count(*) from orders.bench_effects where route = ?", Integer.class,
                route) < count) {
            Thread.sleep(5);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        camel.getRouteController().stopRoute(routeId);
        System.out.printf("%s %s: %d messages in %.2f s = %.0f msgs/s%n", label, route, count, seconds, count / seconds);
        return count / seconds;
    }

    private static ConfigurableApplicationContext start() throws Exception {
        Path data = HubUnderTest.freshDataDirectory("consumer-artemis");
        String secret = UUID.randomUUID().toString();
        int brokerPort;
        try (var socket = new java.net.ServerSocket(0)) {
            brokerPort = socket.getLocalPort();
        }
        return new SpringApplicationBuilder(OrderApplication.class).run(
                "--server.port=0",
                "--spring.datasource.url=" + DB,
                "--spring.datasource.username=postgres",
                "--hub.broker.url=vm://44",
                "--hub.broker.privileged-client-password=" + secret,
                "--hub.broker.embedded.enabled=true",
                "--hub.broker.embedded.name=hub-bench-consumer",
                "--hub.broker.embedded.in-vm-id=44",
                "--hub.broker.embedded.port=" + brokerPort,
                // the gRPC server of order-app: never the 9290 a running hub may hold
                "--hub.order-app.grpc.port=" + GrpcPort.free(),
                "--hub.broker.embedded.data-directory=" + data,
                "--hub.security.admin-password=" + secret,
                "--spring.main.banner-mode=off",
                "--logging.level.root=WARN");
    }
}
