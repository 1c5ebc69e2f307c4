package io.integrationhub.order.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.TextMessage;

import org.apache.activemq.artemis.core.postoffice.RoutingStatus;
import org.apache.activemq.artemis.core.server.ServerSession;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.apache.activemq.artemis.core.server.plugin.ActiveMQServerMessagePlugin;
import org.apache.activemq.artemis.core.transaction.Transaction;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

import io.integrationhub.order.BrokerProbe;
import io.integrationhub.order.OrderAppTest;
import io.integrationhub.order.OrderApplication;
import io.integrationhub.routes.outbox.OutboxMessage;
import io.integrationhub.routes.broker.BrokerUsers;
import io.integrationhub.routes.outbox.OutboxProperties;
import io.integrationhub.routes.outbox.OutboxRelays;
import io.integrationhub.routes.outbox.OutboxWriter;

/**
 * The polling publisher against the real PostgreSQL and broker: nothing lost, nothing skipped, per-aggregate order,
 * one active relay among several instances, fail-over when the active one dies.
 */
@OrderAppTest
class OutboxRelayTest {

    @Autowired
    OutboxWriter outbox;

    @Autowired
    TransactionTemplate transaction;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    ConnectionFactory connectionFactory;

    @Autowired
    OutboxRelays relays;

    @Autowired
    EmbeddedActiveMQ broker;

    @Autowired
    OutboxProperties outboxProperties;

    @Autowired
    BrokerUsers brokerUsers;

    @Value("${hub.broker.embedded.port}")
    int brokerPort;

    @org.springframework.boot.test.web.server.LocalServerPort
    int httpPort;

    @Test
    void shouldDeliverEveryRowOnceAndInOrderPerAggregateUnderConcurrentInserts() throws Exception {
        String queue = "order.test-relay-" + UUID.randomUUID();
        try (BrokerProbe probe = BrokerProbe.queue(connectionFactory, queue, null)) {
            writeConcurrently(queue, 8, 40, 25);

            List<Message> received = probe.receive(1000, 10_000);

            assertThat(received).hasSize(1000);
            assertThat(messageIds(received)).hasSize(1000);
            assertOrderPerAggregate(received, 40, 25);
        }
        // rows are marked only after the broker committed them, so marking trails the last delivery a little
        await().atMost(Duration.ofSeconds(10)).until(() -> jdbc.queryForObject("select count(*) from orders.outbox "
                + "where destination = ? and published_at is null", Integer.class, "queue:" + queue) == 0);
    }

    @Test
    void shouldSendEachBatchInOneBrokerTransaction() throws Exception {
        String queue = "order.test-batch-" + UUID.randomUUID();
        int rows = 250;
        // an auto-committed send gets a broker transaction of its own; a batch shares one
        Set<Long> transactions = java.util.concurrent.ConcurrentHashMap.newKeySet();
        AtomicInteger sends = new AtomicInteger();
        ActiveMQServerMessagePlugin audit = new ActiveMQServerMessagePlugin() {
            @Override
            public void afterSend(ServerSession session, Transaction tx,
                    org.apache.activemq.artemis.api.core.Message message, boolean direct, boolean noAutoCreateQueue,
                    RoutingStatus result) {
                if (queue.equals(message.getAddress())) {
                    int n = sends.incrementAndGet();
                    transactions.add(tx == null ? -n : tx.getID());
                }
            }
        };
        broker.getActiveMQServer().registerBrokerPlugin(audit);
        try (BrokerProbe probe = BrokerProbe.queue(connectionFactory, queue, null)) {
            transaction.executeWithoutResult(status -> {
                for (int i = 0; i < rows; i++) {
                    outbox.append(row(queue, "batch-" + (i % 10), i));
                }
            });
            assertThat(probe.receive(rows, 10_000)).hasSize(rows);
        } finally {
            broker.getActiveMQServer().unRegisterBrokerPlugin(audit);
        }
        int batches = (rows + outboxProperties.getBatchSize() - 1) / outboxProperties.getBatchSize();
        assertThat(sends.get()).isEqualTo(rows);
        assertThat(transactions).as("broker transactions for %d rows in batches of %d", rows,
                outboxProperties.getBatchSize()).hasSizeLessThanOrEqualTo(batches + 2);
    }

    @Test
    void shouldPublishARowCommittedAfterARowWithAHigherIdWasPublished() throws Exception {
        String queue = "order.test-late-" + UUID.randomUUID();
        CountDownLatch lateRowWritten = new CountDownLatch(1);
        CountDownLatch commitLateRow = new CountDownLatch(1);
        ExecutorService slowTransaction = Executors.newSingleThreadExecutor();
        try (BrokerProbe probe = BrokerProbe.queue(connectionFactory, queue, null)) {
            Future<UUID> late = slowTransaction.submit(() -> transaction.execute(status -> {
                UUID id = outbox.append(row(queue, "late", 0));
                lateRowWritten.countDown();
                awaitLatch(commitLateRow);
                return id;
            }));
            assertThat(lateRowWritten.await(10, TimeUnit.SECONDS)).isTrue();
            UUID early = transaction.execute(status -> outbox.append(row(queue, "early", 0)));

            Message first = probe.receive(10_000);
            assertThat(first.getStringProperty("messageId")).isEqualTo(early.toString());
            assertThat(probe.receive(500)).as("the late row is not committed yet").isNull();

            commitLateRow.countDown();
            Message second = probe.receive(10_000);
            assertThat(second).as("late row").isNotNull();
            assertThat(second.getStringProperty("messageId")).isEqualTo(late.get().toString());
            assertThat(outboxId(late.get())).as("the late row has the lower id").isLessThan(outboxId(early));
        } finally {
            commitLateRow.countDown();
            slowTransaction.shutdown();
        }
    }

    @Test
    void shouldRelayFromOneInstanceAtATimeAndFailOverWhenTheActiveOneDies() throws Exception {
        String queue = "order.test-failover-" + UUID.randomUUID();
        await().atMost(Duration.ofSeconds(10)).until(() -> relays.relay("orders").isActive());

        try (ConfigurableApplicationContext second = startSecondInstance();
                BrokerProbe probe = BrokerProbe.queue(connectionFactory, queue, null)) {
            OutboxRelays secondRelays = second.getBean(OutboxRelays.class);
            // both running: exactly one is active
            await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(6)).until(
                    () -> relays.relay("orders").isActive() ^ secondRelays.relay("orders").isActive());
            assertThat(secondRelays.relay("orders").isActive()).isFalse();

            ExecutorService writer = Executors.newSingleThreadExecutor();
            Future<?> writing = writer.submit(() -> writeConcurrently(queue, 4, 20, 25));
            await().atMost(Duration.ofSeconds(10)).until(() -> rowsWritten(queue) >= 100);

            // the active instance "dies": its database session ends (that frees the lock), and it stays down
            terminateLockHolder();
            relays.stop();

            await().atMost(Duration.ofSeconds(15)).until(() -> secondRelays.relay("orders").isActive());
            writing.get(30, TimeUnit.SECONDS);
            writer.shutdown();

            List<Message> received = probe.receive(Integer.MAX_VALUE, 10_000);
            Set<String> distinct = messageIds(received);
            assertThat(distinct).as("nothing lost").hasSize(500);
            // at most the batch in flight when the instance died is sent twice; consumers skip it by messageId
            assertThat(received.size() - distinct.size()).isLessThanOrEqualTo(100);
            assertOrderPerAggregate(firstOccurrences(received), 20, 25);
        } finally {
            relays.start();
            await().atMost(Duration.ofSeconds(15)).until(() -> relays.relay("orders").isActive());
        }
    }

    @Test
    void shouldResumeRelayingWhenTheLockSessionDiesUnderASingleInstance() throws Exception {
        String queue = "order.test-resume-" + UUID.randomUUID();
        await().atMost(Duration.ofSeconds(15)).until(() -> relays.relay("orders").isActive());
        terminateLockHolder();
        try (BrokerProbe probe = BrokerProbe.queue(connectionFactory, queue, null)) {
            transaction.executeWithoutResult(status -> outbox.append(row(queue, "resume", 0)));
            assertThat(probe.receive(20_000)).as("published after the relay re-took the lock").isNotNull();
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> relays.relay("orders").isActive() && lockHolders() == 1);
    }

    private void terminateLockHolder() {
        // (pg_locks spans the whole server: only this database's holder)
        jdbc.queryForList("select pg_terminate_backend(pid) from pg_locks where locktype = 'advisory' and granted "
                + "and objid = ? and database = (select oid from pg_database where datname = current_database())",
                Long.valueOf(Integer.toUnsignedLong("orders".hashCode())));
    }

    private int lockHolders() {
        return jdbc.queryForObject("select count(*) from pg_locks where locktype = 'advisory' and granted and objid = ? "
                + "and database = (select oid from pg_database where datname = current_database())", Integer.class,
                Long.valueOf(Integer.toUnsignedLong("orders".hashCode())));
    }

    @Test
    void shouldKeepRowsWhileTheBrokerIsDownAndPublishThemWhenItReturns() throws Exception {
        String queue = "order.test-outage-" + UUID.randomUUID();
        await().atMost(Duration.ofSeconds(15)).until(() -> relays.relay("orders").isActive());
        broker.stop();
        try {
            for (int i = 0; i < 10; i++) {
                int seq = i;
                transaction.executeWithoutResult(status -> outbox.append(row(queue, "outage", seq)));
            }
            await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5))
                    .until(() -> unpublished(queue) == 10);
        } finally {
            broker.start();
        }

        await().atMost(Duration.ofSeconds(30)).until(() -> unpublished(queue) == 0);
        try (BrokerProbe probe = BrokerProbe.queue(connectionFactory, queue, null)) {
            assertOrderPerAggregate(probe.receive(10, 5_000), 1, 10);
        }
    }

    @Test
    void shouldExportTheOutboxLagForPrometheus() throws Exception {
        var response = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                java.net.URI.create("http://127.0.0.1:" + httpPort + "/actuator/prometheus"))
                .header("Authorization", "Basic " + java.util.Base64.getEncoder()
                        .encodeToString("admin:test-admin-password".getBytes()))
                .build(), java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("hub_outbox_backlog{outbox=\"orders\"}")
                .contains("hub_outbox_oldest_age_seconds{outbox=\"orders\"}")
                .contains("hub_outbox_relay_active{outbox=\"orders\"}")
                .contains("hub_outbox_published_total{outbox=\"orders\"}");
    }

    @Test
    void shouldShowTheOutboxLagToOperatorsOnly() throws Exception {
        var http = java.net.http.HttpClient.newHttpClient();
        var uri = java.net.URI.create("http://127.0.0.1:" + httpPort + "/api/v1/admin/outbox");
        assertThat(http.send(java.net.http.HttpRequest.newBuilder(uri).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(401);
        var response = http.send(java.net.http.HttpRequest.newBuilder(uri)
                .header("Authorization", "Basic " + java.util.Base64.getEncoder()
                        .encodeToString("admin:test-admin-password".getBytes()))
                .build(), java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("\"outbox\":\"orders\"").contains("\"backlog\":")
                .contains("\"oldestUnpublishedAgeSeconds\":").contains("\"activeRelayHere\":");
    }

    private int unpublished(String queue) {
        return jdbc.queryForObject("select count(*) from orders.outbox where destination = ? and published_at is null",
                Integer.class, "queue:" + queue);
    }

    /** A second order-app instance in this JVM: own HTTP port, own relay, same database, our broker over TCP. */
    private ConfigurableApplicationContext startSecondInstance() {
        return new SpringApplicationBuilder(OrderApplication.class).profiles("test").run(
                "--hub.test.broker-override=false",
                "--hub.broker.embedded.enabled=false",
                "--hub.broker.url=tcp://127.0.0.1:" + brokerPort,
                // the same service user as this instance (its password was generated for this run)
                "--hub.broker.services.order-app.password="
                        + brokerUsers.service("order-app").credentials().password(),
                "--server.port=0",
                "--spring.jmx.enabled=false",
                "--camel.main.jmx-enabled=false",
                "--management.endpoints.web.exposure.include=health");
    }

    private void writeConcurrently(String queue, int threads, int aggregates, int perAggregate) {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<Future<?>> done = new ArrayList<>();
        String run = UUID.randomUUID().toString().substring(0, 8);
        for (int t = 0; t < threads; t++) {
            int thread = t;
            done.add(pool.submit(() -> {
                // each aggregate belongs to one writer, which writes its rows in order, one transaction each
                for (int seq = 0; seq < perAggregate; seq++) {
                    for (int a = thread; a < aggregates; a += threads) {
                        int s = seq;
                        String aggregate = run + "-" + a;
                        transaction.executeWithoutResult(status -> outbox.append(row(queue, aggregate, s)));
                    }
                }
            }));
        }
        pool.shutdown();
        for (Future<?> f : done) {
            try {
                f.get(60, TimeUnit.SECONDS);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
    }

    private static OutboxMessage row(String queue, String aggregate, int seq) {
        return OutboxMessage.command(queue, "TestMessage", "Test", aggregate, null, null, "{\"seq\":" + seq + "}");
    }

    private static void assertOrderPerAggregate(List<Message> messages, int aggregates, int perAggregate)
            throws JMSException {
        Map<String, List<Integer>> sequences = new HashMap<>();
        for (Message m : messages) {
            String body = ((TextMessage) m).getText();
            int seq = Integer.parseInt(body.replaceAll("\\D", ""));
            sequences.computeIfAbsent(m.getStringProperty("aggregateId"), k -> new ArrayList<>()).add(seq);
        }
        assertThat(sequences).hasSize(aggregates);
        List<Integer> expected = java.util.stream.IntStream.range(0, perAggregate).boxed().toList();
        sequences.forEach((aggregate, seqs) -> assertThat(seqs).as("order of " + aggregate).isEqualTo(expected));
    }

    private static Set<String> messageIds(List<Message> messages) throws JMSException {
        Set<String> ids = new LinkedHashSet<>();
        for (Message m : messages) {
            ids.add(m.getStringProperty("messageId"));
        }
        return ids;
    }

    private static List<Message> firstOccurrences(List<Message> messages) throws JMSException {
        Map<String, Message> first = new LinkedHashMap<>();
        for (Message m : messages) {
            first.putIfAbsent(m.getStringProperty("messageId"), m);
        }
        return new ArrayList<>(first.values());
    }

    private int rowsWritten(String queue) {
        return jdbc.queryForObject("select count(*) from orders.outbox where destination = ?", Integer.class,
                "queue:" + queue);
    }

    private long outboxId(UUID messageId) {
        return jdbc.queryForObject("select id from orders.outbox where message_id = ?", Long.class, messageId);
    }

    private static void awaitLatch(CountDownLatch latch) {
        try {
            latch.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
