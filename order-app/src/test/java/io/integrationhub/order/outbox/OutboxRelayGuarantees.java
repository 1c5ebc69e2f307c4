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

import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.TextMessage;

import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

import io.integrationhub.order.BrokerProbe;
import io.integrationhub.order.OrderApplication;
import io.integrationhub.routes.outbox.OutboxMessage;
import io.integrationhub.routes.broker.BrokerUsers;
import io.integrationhub.routes.outbox.OutboxProperties;
import io.integrationhub.routes.outbox.OutboxRelays;
import io.integrationhub.routes.outbox.OutboxWriter;

/**
 * What every outbox relay guarantees, run against each of them (the polling publisher, the log-tailing relay) with the
 * real PostgreSQL and broker: every row delivered once with its envelope, in order per aggregate; a row committed late
 * is not skipped; a crash between the send and the relay's record of its progress re-sends (consumers skip by
 * messageId); a backlog goes out in batches, one broker transaction each; a row the broker refuses for good is held
 * while the others flow, and once released goes out before the rows behind it; one active relay among several
 * instances, fail-over when the active one dies; relayed rows are cleaned
 * up; lag metrics. A subclass says which relay runs and how its progress can be lost.
 */
abstract class OutboxRelayGuarantees {

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

    @Autowired
    org.apache.camel.CamelContext camel;

    @Value("${hub.broker.embedded.port}")
    int brokerPort;

    @org.springframework.boot.test.web.server.LocalServerPort
    int httpPort;

    /**
     * Each test starts with a relay that publishes: the tests before may have killed its lock session, and a
     * log-tailing relay that takes over starts a Debezium engine first (seconds on a loaded machine).
     */
    @org.junit.jupiter.api.BeforeEach
    void relayPublishing() {
        String queue = "order.test-ready-" + UUID.randomUUID();
        transaction.execute(status -> outbox.append(new OutboxMessage("queue:" + queue, "TestReady", "1.0", "Order",
                "o-ready", null, null, null, null, "{}")));
        await().atMost(Duration.ofSeconds(60)).until(() -> unpublished(queue) == 0);
    }

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
    void shouldSendTheWholeEnvelopeOfEveryRow() throws Exception {
        String queue = "order.test-envelope-" + UUID.randomUUID();
        String traceParent = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
        OutboxMessage command = new OutboxMessage("queue:" + queue, "TestCommand", "2.1", "Order", "o-17",
                "order.replies", "c-0", "saga-9", traceParent, "{\"seq\":1}");
        try (BrokerProbe probe = BrokerProbe.queue(connectionFactory, queue, null)) {
            UUID messageId = transaction.execute(status -> outbox.append(command));
            Message message = probe.receive(15_000);
            assertThat(message).as("relayed").isNotNull();
            assertThat(((TextMessage) message).getText()).isEqualTo("{\"seq\":1}");
            assertThat(message.getStringProperty("messageId")).isEqualTo(messageId.toString());
            assertThat(message.getStringProperty("messageType")).isEqualTo("TestCommand");
            assertThat(message.getStringProperty("messageVersion")).isEqualTo("2.1");
            assertThat(message.getStringProperty("aggregateType")).isEqualTo("Order");
            assertThat(message.getStringProperty("aggregateId")).isEqualTo("o-17");
            assertThat(message.getStringProperty("JMSXGroupID")).isEqualTo("o-17");
            assertThat(message.getStringProperty("sagaId")).isEqualTo("saga-9");
            // the delivery auditor's numbering: per outbox, destination and aggregate, so 1 on a fresh queue
            assertThat(message.getStringProperty("aggregateSequence")).isEqualTo("1");
            assertThat(message.getStringProperty("aggregateSequenceSource")).isEqualTo("orders");
            assertThat(message.getStringProperty("traceparent")).startsWith("00-4bf92f3577b34da6a3ce929d0e0e4736-");
            assertThat(message.getJMSCorrelationID()).isEqualTo("c-0");
            assertThat(((jakarta.jms.Queue) message.getJMSReplyTo()).getQueueName()).isEqualTo("order.replies");
            assertThat(message.getJMSDeliveryMode()).isEqualTo(jakarta.jms.DeliveryMode.PERSISTENT);
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> unpublished(queue) == 0);
    }

    @Test
    void shouldResendWhatWasSentBeforeACrashAndLetConsumersSkipItByMessageId() throws Exception {
        String queue = "order.test-crash-" + UUID.randomUUID();
        await().atMost(Duration.ofSeconds(15)).until(() -> relays.relay("orders").isActive());
        List<String> firstDelivery = new ArrayList<>();
        try (BrokerProbe probe = BrokerProbe.queue(connectionFactory, queue, null)) {
            crashBetweenSendAndProgress(() -> {
                for (int i = 0; i < 20; i++) {
                    int seq = i;
                    transaction.executeWithoutResult(status -> outbox.append(row(queue, "crash", seq)));
                }
                try {
                    List<Message> delivered = probe.receive(20, 10_000);
                    assertThat(delivered).hasSize(20);
                    firstDelivery.addAll(messageIds(delivered));
                } catch (JMSException e) {
                    throw new IllegalStateException(e);
                }
            });
            // the restarted relay sends them again: at-least-once
            List<Message> again = probe.receive(20, 15_000);
            assertThat(again).as("re-sent after the crash").isNotEmpty();
            // a consumer that skips what it has seen (by messageId) gets each row once, in order
            Set<String> seen = new LinkedHashSet<>(firstDelivery);
            for (Message m : again) {
                assertThat(seen).as("a re-sent row is one sent before").contains(m.getStringProperty("messageId"));
            }
            assertThat(seen).hasSize(20);
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> unpublished(queue) == 0);
    }

    @Test
    void shouldCleanUpRelayedRowsAfterTheRetention() throws Exception {
        String queue = "order.test-relayed-cleanup-" + UUID.randomUUID();
        try (BrokerProbe probe = BrokerProbe.queue(connectionFactory, queue, null)) {
            transaction.executeWithoutResult(status -> {
                for (int i = 0; i < 30; i++) {
                    outbox.append(row(queue, "cleanup", i));
                }
            });
            assertThat(probe.receive(30, 10_000)).hasSize(30);
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> unpublished(queue) == 0);
        // as if the retention had passed; the outbox-cleanup template, run every 100 ms instead of every minute
        jdbc.update("update orders.outbox set published_at = published_at - interval '1 day' where destination = ?",
                "queue:" + queue);
        String cleanup = org.apache.camel.builder.TemplatedRouteBuilder.builder(camel, "outbox-cleanup")
                .routeId("test-outbox-cleanup-" + UUID.randomUUID()).parameter("schema", "orders")
                .parameter("intervalMs", "100").parameter("retentionSeconds", "3600").parameter("batchSize", "1000")
                .add();
        try {
            await().atMost(Duration.ofSeconds(10)).until(() -> rowsWritten(queue) == 0);
        } finally {
            camel.getRouteController().stopRoute(cleanup);
            camel.removeRoute(cleanup);
        }
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

    void terminateLockHolder() {
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
    void shouldSendEachBatchInOneBrokerTransaction() throws Exception {
        String queue = "order.test-batch-" + UUID.randomUUID();
        int rows = 250;
        // an auto-committed send gets a broker transaction of its own; a batch shares one
        Set<Long> transactions = java.util.concurrent.ConcurrentHashMap.newKeySet();
        var sends = new java.util.concurrent.atomic.AtomicInteger();
        var audit = new org.apache.activemq.artemis.core.server.plugin.ActiveMQServerMessagePlugin() {
            @Override
            public void afterSend(org.apache.activemq.artemis.core.server.ServerSession session,
                    org.apache.activemq.artemis.core.transaction.Transaction tx,
                    org.apache.activemq.artemis.api.core.Message message, boolean direct, boolean noAutoCreateQueue,
                    org.apache.activemq.artemis.core.postoffice.RoutingStatus result) {
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
        assertThat(sends.get()).isEqualTo(rows);
        assertThat(transactions).as("broker transactions for %d rows in batches of at most %d", rows,
                outboxProperties.getBatchSize()).hasSizeLessThanOrEqualTo(mostBrokerTransactions(rows));
    }

    /**
     * The broker refuses a row for good (order-app may not send to the kitchen's dead letters, artemis/broker.xml):
     * the row is held, not retried forever and not skipped — other aggregates flow, later rows of its aggregate (also
     * ones written after it was held) wait, and once released it and they go out in order.
     */
    @Test
    void shouldHoldARowTheBrokerRefusesForGoodAndSendItAndTheRowsBehindItInOrderWhenReleased() throws Exception {
        String queue = "order.test-refused-" + UUID.randomUUID();
        String run = UUID.randomUUID().toString().substring(0, 8);
        long heldBefore = relays.relay("orders").heldCount();
        try (BrokerProbe probe = BrokerProbe.queue(connectionFactory, queue, null)) {
            writeText(queue, run + "-a", "a1");
            writeText(OutboxHeldRowsTest.FORBIDDEN, run + "-b", "b1");
            writeText(queue, run + "-b", "b2");
            writeText(queue, run + "-c", "c1");

            assertThat(texts(probe.receive(2, 10_000))).containsExactlyInAnyOrder("a1", "c1");
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(jdbc.queryForList(
                    "select failure from orders.outbox where aggregate_id = ? and failed_at is not null", String.class,
                    run + "-b")).singleElement().asString().contains("AMQ229032"));
            assertThat(relays.relay("orders").heldCount() - heldBefore).as("counted once").isEqualTo(1);
            assertThat(relays.relay("orders").lag().read().held()).isGreaterThanOrEqualTo(1);

            // the relay keeps relaying; a row of the held aggregate written now waits too
            writeText(queue, run + "-b", "b3");
            writeText(queue, run + "-c", "c2");
            assertThat(texts(probe.receive(3, 3_000))).as("only c2: b2 and b3 wait behind b1").containsExactly("c2");
            assertThat(jdbc.queryForObject("select count(*) from orders.outbox where aggregate_id = ? and published_at "
                    + "is null", Integer.class, run + "-b")).isEqualTo(3);

            long heldId = jdbc.queryForObject("select id from orders.outbox where aggregate_id = ? and failed_at is "
                    + "not null", Long.class, run + "-b");
            jdbc.update("update orders.outbox set destination = ? where id = ?", "queue:" + queue, heldId);
            assertThat(relays.relay("orders").heldRows().release(heldId)).isPresent();
            assertThat(texts(probe.receive(3, 15_000))).as("released: the held row, then the ones behind it")
                    .containsExactly("b1", "b2", "b3");
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> jdbc.queryForObject("select count(*) from orders.outbox "
                + "where aggregate_id like ? and published_at is null", Integer.class, run + "-%") == 0);
    }

    private void writeText(String queue, String aggregate, String text) {
        transaction.executeWithoutResult(status -> outbox.append(OutboxMessage.command(queue, "TestMessage", "Test",
                aggregate, null, null, text)));
    }

    private static List<String> texts(List<Message> messages) throws JMSException {
        List<String> texts = new ArrayList<>();
        for (Message message : messages) {
            texts.add(((TextMessage) message).getText());
        }
        return texts;
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
                .contains("hub_outbox_published_total{outbox=\"orders\"}")
                .contains("hub_outbox_delivery_latency_seconds_count{outbox=\"orders\"");
        relayMetrics().forEach(meter -> assertThat(response.body()).contains(meter));
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

    int unpublished(String queue) {
        return jdbc.queryForObject("select count(*) from orders.outbox where destination = ? and published_at is null",
                Integer.class, "queue:" + queue);
    }

    /** A second order-app instance in this JVM: own HTTP port, own relay, same database, our broker over TCP. */
    private ConfigurableApplicationContext startSecondInstance() {
        List<String> arguments = new ArrayList<>(List.of(
                "--hub.test.broker-override=false",
                "--hub.broker.embedded.enabled=false",
                "--hub.broker.url=tcp://127.0.0.1:" + brokerPort,
                // the same service user as this instance (its password was generated for this run)
                "--hub.broker.services.order-app.password="
                        + brokerUsers.service("order-app").credentials().password(),
                "--server.port=0",
                "--spring.jmx.enabled=false",
                "--camel.main.jmx-enabled=false",
                "--management.endpoints.web.exposure.include=health"));
        arguments.addAll(secondInstanceArguments());
        return new SpringApplicationBuilder(OrderApplication.class).profiles("test")
                .run(arguments.toArray(String[]::new));
    }

    /** The most broker transactions the relay may use for a backlog of {@code rows} (it sends in batches). */
    protected abstract int mostBrokerTransactions(int rows);

    /** Arguments that make a second instance run the same relay as this context. */
    protected abstract List<String> secondInstanceArguments();

    /**
     * Writes and delivers rows with {@code sendRows}, then leaves the relay as a crash right after the broker took them
     * would: its own record of progress (marks, stored offset) not yet written. Ends with the relay running again.
     */
    protected abstract void crashBetweenSendAndProgress(Runnable sendRows) throws Exception;

    /** Meters this relay exports besides the common ones. */
    protected List<String> relayMetrics() {
        return List.of();
    }

    void writeConcurrently(String queue, int threads, int aggregates, int perAggregate) {
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

    static OutboxMessage row(String queue, String aggregate, int seq) {
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

    int rowsWritten(String queue) {
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
