package io.integrationhub.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;

import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

import io.micrometer.core.instrument.MeterRegistry;

/**
 * Faults injected at the exact point, through the real database and broker (DESIGN.md §5 rules 2–4):
 * a failure after the side effect but before the commit, a relay that sent a batch but could not mark it, and
 * per-order ordering with competing consumers.
 */
@HubSystemTest
class CrashAndOrderingTest {

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    ConnectionFactory connectionFactory;

    @Autowired
    CamelContext camel;

    @Autowired
    MeterRegistry meters;

    @LocalServerPort
    int port;

    @Test
    void shouldHaveNoSecondEffectWhenTheAcknowledgementIsLostAfterTheDatabaseCommit() throws Exception {
        String consumer = newConsumer();
        String messageId = UUID.randomUUID().toString();
        java.util.concurrent.atomic.AtomicInteger completions = new java.util.concurrent.atomic.AtomicInteger();
        // after the route's database transaction committed, before the JMS session commits: refuse the ack once
        org.apache.camel.spi.EventNotifier loseAck = new org.apache.camel.support.EventNotifierSupport() {
            @Override
            public void notify(org.apache.camel.spi.CamelEvent event) {
                var exchange = ((org.apache.camel.spi.CamelEvent.ExchangeCompletedEvent) event).getExchange();
                if ("consumer-commands".equals(exchange.getFromRouteId())
                        && messageId.equals(exchange.getMessage().getHeader("messageId"))
                        && completions.incrementAndGet() == 1) {
                    exchange.setRollbackOnly(true); // the JMS session rolls back: as if the process died here
                }
            }

            @Override
            public boolean isEnabled(org.apache.camel.spi.CamelEvent event) {
                return event instanceof org.apache.camel.spi.CamelEvent.ExchangeCompletedEvent;
            }
        };
        camel.getManagementStrategy().addEventNotifier(loseAck);
        double duplicatesBefore = duplicates("consumer-commands");
        try {
            send("consumer.commands", messageId, "ValidateConsumerInfo", "ack-lost",
                    "{\"orderId\":\"ack-lost\",\"consumerId\":\"" + consumer + "\",\"orderTotal\":1}");

            await().atMost(Duration.ofSeconds(20)).until(() -> completions.get() >= 2);
            await().atMost(Duration.ofSeconds(10)).until(() -> duplicates("consumer-commands") >= duplicatesBefore + 1);
            assertThat(replies(messageId)).as("the redelivery had no second effect").isEqualTo(1);
        } finally {
            camel.getManagementStrategy().removeEventNotifier(loseAck);
        }
    }

    @Test
    void shouldProcessOnceWhenTheFirstAttemptFailsAfterItsWritesButBeforeCommit() throws Exception {
        String consumer = newConsumer();
        // the consumer adapter's reply insert fails once, after its business work and key were written
        // (a sequence, because nextval survives the rollback the fault causes)
        jdbc.execute("drop sequence if exists consumer.test_reply_attempts");
        jdbc.execute("create sequence consumer.test_reply_attempts");
        jdbc.execute("""
                create or replace function consumer.fail_first_reply() returns trigger language plpgsql as $$
                begin
                  if new.payload like '%fail-before-commit%'
                     and nextval('consumer.test_reply_attempts') = 1 then
                    raise exception 'injected: crash before commit';
                  end if;
                  return new;
                end $$""");
        jdbc.execute("create trigger fail_first_reply before insert on consumer.outbox for each row "
                + "execute function consumer.fail_first_reply()");
        try {
            String messageId = UUID.randomUUID().toString();
            send("consumer.commands", messageId, "ValidateConsumerInfo", "fail-before-commit",
                    "{\"orderId\":\"fail-before-commit\",\"consumerId\":\"" + consumer + "\",\"orderTotal\":1}");

            await().atMost(Duration.ofSeconds(20)).until(() -> replies(messageId) == 1);
            assertThat(jdbc.queryForObject("select last_value from consumer.test_reply_attempts", Long.class))
                    .as("the first attempt failed, the redelivery succeeded").isEqualTo(2);
            await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3)).until(() -> replies(messageId) == 1);
        } finally {
            jdbc.execute("drop trigger fail_first_reply on consumer.outbox");
        }
    }

    @Test
    void shouldNotValidateTwiceWhenTheRelaySentABatchButCouldNotMarkIt() throws Exception {
        String consumer = newConsumer();
        String restaurant = newRestaurant();
        double duplicatesBefore = duplicates("consumer-commands") + duplicates("restaurant-commands");
        // the order-app relay's "mark published" fails once for this order's rows: the batch goes out again
        jdbc.execute("drop sequence if exists orders.test_mark_attempts");
        jdbc.execute("create sequence orders.test_mark_attempts");
        jdbc.execute("""
                create or replace function orders.fail_first_mark() returns trigger language plpgsql as $$
                begin
                  if new.published_at is not null and old.published_at is null
                     and old.payload like '%mark-fails-once%'
                     and nextval('orders.test_mark_attempts') = 1 then
                    raise exception 'injected: crash after send, before mark';
                  end if;
                  return new;
                end $$""");
        jdbc.execute("create trigger fail_first_mark before update on orders.outbox for each row "
                + "execute function orders.fail_first_mark()");
        try {
            HttpResponse<String> accepted = post("/api/v1/orders", """
                    {"consumerId":"%s","restaurantId":"%s","lineItems":[{"menuItemId":"dal","quantity":1}],
                     "deliveryAddress":"mark-fails-once"}""".formatted(consumer, restaurant));
            assertThat(accepted.statusCode()).isEqualTo(202);
            String orderId = accepted.body().replaceAll(".*\"orderId\":\"(\\d+)\".*", "$1");

            await().atMost(Duration.ofSeconds(30)).until(() -> "APPROVED".equals(jdbc.queryForObject(
                    "select state from orders.orders where id = ?", String.class, Long.parseLong(orderId))));
            // the commands arrived twice; each partner answered once, and the duplicates were counted
            await().atMost(Duration.ofSeconds(10)).until(() -> duplicates("consumer-commands")
                    + duplicates("restaurant-commands") >= duplicatesBefore + 2);
            assertThat(jdbc.queryForObject("select count(*) from consumer.outbox where aggregate_id = ?",
                    Integer.class, orderId)).isEqualTo(1);
            assertThat(jdbc.queryForObject("select count(*) from restaurant.outbox where aggregate_id = ? "
                    + "and destination = 'queue:order.replies'", Integer.class, orderId)).isEqualTo(1);
            assertThat(jdbc.queryForObject("select count(*) from orders.outbox where aggregate_id = ? "
                    + "and message_type = 'OrderValidated'", Integer.class, orderId)).isEqualTo(1);
            await().atMost(Duration.ofSeconds(10)).until(() -> jdbc.queryForObject("select count(*) from orders.outbox "
                    + "where aggregate_id = ? and published_at is null", Integer.class, orderId) == 0);
            assertThat(jdbc.queryForObject("select last_value from orders.test_mark_attempts", Long.class))
                    .as("the first mark failed").isGreaterThanOrEqualTo(2);
        } finally {
            jdbc.execute("drop trigger fail_first_mark on orders.outbox");
        }
    }

    @Test
    void shouldKeepEachOrdersMessagesInOrderWhileConsumersCompete() throws Exception {
        String queue = "order.test-groups-" + UUID.randomUUID();
        List<String[]> processed = Collections.synchronizedList(new ArrayList<>());
        Set<String> threads = Collections.synchronizedSet(new HashSet<>());
        // the same consumer settings as the channels' routes: transacted, several concurrent consumers
        camel.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("jms:queue:" + queue + "?transacted=true&concurrentConsumers=4&disableReplyTo=true")
                        .routeId("test-groups")
                        .process(e -> {
                            // simulated work of 0–2 ms, so the four consumers really interleave (not a wait for state)
                            Thread.sleep(ThreadLocalRandom.current().nextInt(3));
                            threads.add(Thread.currentThread().getName());
                            processed.add(new String[] { e.getMessage().getHeader("aggregateId", String.class),
                                    e.getMessage().getBody(String.class) });
                        });
            }
        });
        try (Connection connection = connectionFactory.createConnection()) {
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageProducer producer = session.createProducer(session.createQueue(queue));
            for (int seq = 0; seq < 25; seq++) { // interleaved: 1 of order 0, 1 of order 1, …
                for (int order = 0; order < 20; order++) {
                    TextMessage message = session.createTextMessage(String.valueOf(seq));
                    message.setStringProperty("aggregateId", "order-" + order);
                    message.setStringProperty("JMSXGroupID", "order-" + order);
                    producer.send(message);
                }
            }
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> processed.size() == 500);
        camel.getRouteController().stopRoute("test-groups");
        camel.removeRoute("test-groups");

        assertThat(threads).as("processed in parallel").hasSizeGreaterThan(1);
        Map<String, List<Integer>> perOrder = new HashMap<>();
        synchronized (processed) {
            processed.forEach(p -> perOrder.computeIfAbsent(p[0], k -> new ArrayList<>()).add(Integer.parseInt(p[1])));
        }
        List<Integer> expected = java.util.stream.IntStream.range(0, 25).boxed().toList();
        assertThat(perOrder).hasSize(20);
        perOrder.forEach((order, seqs) -> assertThat(seqs).as(order).isEqualTo(expected));
    }

    private int replies(String correlationId) {
        return jdbc.queryForObject("select count(*) from consumer.outbox where correlation_id = ?", Integer.class,
                correlationId);
    }

    private double duplicates(String route) {
        var counter = meters.find("hub.messages.duplicates").tag("route", route).counter();
        return counter == null ? 0 : counter.count();
    }

    private void send(String queue, String messageId, String type, String aggregate, String body) throws Exception {
        TestCommands.send(connectionFactory, queue, messageId, type, aggregate, body);
    }

    private String newConsumer() throws Exception {
        HttpResponse<String> created = post("/partners/api/v1/consumers", "{\"name\":\"Crash\",\"creditLimit\":100}");
        return created.body().replaceAll(".*\"consumerId\":\"([^\"]+)\".*", "$1");
    }

    private String newRestaurant() throws Exception {
        HttpResponse<String> created = post("/partners/api/v1/restaurants",
                "{\"name\":\"Crash Kitchen\",\"menuItems\":[{\"id\":\"dal\",\"name\":\"Dal\",\"price\":4.50}]}");
        String id = created.body().replaceAll(".*\"restaurantId\":\"([^\"]+)\".*", "$1");
        await().atMost(Duration.ofSeconds(20)).until(() -> get("/api/v1/restaurants/" + id).statusCode() == 200);
        return id;
    }

    private HttpResponse<String> post(String path, String body) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Content-Type", "application/json").header("Authorization", HubSystemTest.OPERATOR_BASIC)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(String path) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .build(), HttpResponse.BodyHandlers.ofString());
    }
}
