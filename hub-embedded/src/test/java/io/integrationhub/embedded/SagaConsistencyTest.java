package io.integrationhub.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import org.apache.camel.CamelContext;
import org.apache.camel.component.resilience4j.ResilienceProcessor;
import org.apache.camel.spi.CamelEvent;
import org.apache.camel.spi.EventNotifier;
import org.apache.camel.support.EventNotifierSupport;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

import io.integrationhub.routes.outbox.OutboxRelays;

/**
 * Whole-system checks of the create-order saga: crashes at every step boundary, and many orders with a random mix of
 * outcomes. Afterwards every order is decided, its saga ended once, and the kitchen's tickets and the legacy
 * system's authorizations agree with it — each checked with one query per table.
 */
@HubSystemTest
class SagaConsistencyTest {

    /** The routes whose transaction commits before the JMS acknowledgement: the saga's, and its participants'. */
    static final Set<String> ACKNOWLEDGING_ROUTES = Set.of("order-replies", "kitchen-commands", "accounting-commands");

    @LocalServerPort
    int port;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    CamelContext camel;

    @Autowired
    OutboxRelays relays;

    @BeforeEach
    void breakerClosed() {
        camel.getProcessor("legacy-accounting-breaker", ResilienceProcessor.class).transitionToCloseState();
    }

    @Test
    void shouldEndEverySagaOnceThroughCrashesAtEveryStepBoundary() throws Exception {
        HubClient hub = new HubClient(port);
        String open = hub.newRestaurant();
        String closed = hub.newRestaurant();
        hub.kitchenAcceptsOrders(closed, false);
        String consumer = hub.newConsumer("5000.00");

        // (1) after each saga / participant transaction commits, before its JMS acknowledgement: the first delivery
        // of every message is rolled back in the broker, as if the process died there — it comes again
        Map<String, Boolean> acked = new ConcurrentHashMap<>();
        AtomicInteger lostAcks = new AtomicInteger();
        EventNotifier loseFirstAck = new EventNotifierSupport() {
            @Override
            public void notify(CamelEvent event) {
                var exchange = ((CamelEvent.ExchangeCompletedEvent) event).getExchange();
                String messageId = exchange.getMessage().getHeader("messageId", String.class);
                if (ACKNOWLEDGING_ROUTES.contains(exchange.getFromRouteId()) && messageId != null
                        && acked.putIfAbsent(messageId, true) == null) {
                    lostAcks.incrementAndGet();
                    exchange.setRollbackOnly(true);
                }
            }

            @Override
            public boolean isEnabled(CamelEvent event) {
                return event instanceof CamelEvent.ExchangeCompletedEvent;
            }
        };
        // (2) after the relay sent a batch of order-app's commands, before it marked them: every other mark fails, so
        // those commands reach the participants twice
        jdbc.execute("drop sequence if exists orders.test_saga_marks");
        jdbc.execute("create sequence orders.test_saga_marks");
        jdbc.execute("""
                create or replace function orders.fail_every_other_mark() returns trigger language plpgsql as $$
                begin
                  if exists (select 1 from marked where published_at is not null)
                     and nextval('orders.test_saga_marks') % 2 = 1 then
                    raise exception 'injected: crash after send, before mark';
                  end if;
                  return null;
                end $$""");
        jdbc.execute("create trigger fail_every_other_mark after update on orders.outbox referencing new table as "
                + "marked for each statement execute function orders.fail_every_other_mark()");
        // (3) after a saga transaction committed its next commands, before the relay sent them: the relay is down
        // for a while, again and again
        AtomicBoolean deciding = new AtomicBoolean(true);
        Thread relayCrashes = new Thread(() -> {
            while (deciding.get()) {
                relays.relay("orders").stop();
                pause(300);
                relays.relay("orders").start();
                pause(700);
            }
        }, "relay-crashes");
        camel.getManagementStrategy().addEventNotifier(loseFirstAck);
        List<String> approved = new ArrayList<>();
        List<String> refused = new ArrayList<>();
        List<String> declined = new ArrayList<>();
        try {
            relayCrashes.start();
            for (int i = 0; i < 3; i++) {
                approved.add(hub.placeOrder(consumer, open, "dal", 1));
                refused.add(hub.placeOrder(consumer, closed, "dal", 1));
                declined.add(hub.placeOrder(consumer, open, "feast", 11)); // over the card limit
            }
            List<String> all = new ArrayList<>(approved);
            all.addAll(refused);
            all.addAll(declined);
            await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(1))
                    .until(() -> decided(all) == all.size() && waitingCommands(all) == 0);
        } finally {
            deciding.set(false);
            relayCrashes.join(10_000);
            relays.relay("orders").start();
            camel.getManagementStrategy().removeEventNotifier(loseFirstAck);
            jdbc.execute("drop trigger fail_every_other_mark on orders.outbox");
        }

        assertThat(lostAcks.get()).as("acknowledgements lost").isGreaterThan(9 * 4);
        assertThat(jdbc.queryForObject("select last_value from orders.test_saga_marks", Long.class))
                .as("marks failed").isGreaterThan(2);
        Map<String, Outcome> outcomes = outcomes(merge(approved, refused, declined));
        for (String id : approved) {
            assertThat(outcomes.get(id)).as("order " + id).isEqualTo(new Outcome("APPROVED", "COMPLETED", 1,
                    "AWAITING_ACCEPTANCE", "AUTHORIZED", 1));
        }
        for (String id : refused) {
            Outcome outcome = outcomes.get(id);
            assertThat(outcome.order() + outcome.saga() + outcome.sagas()).as("order " + id)
                    .isEqualTo("REJECTED" + "COMPENSATED" + 1);
            assertThat(outcome.authorizations()).as("no authorization for a refused ticket, order " + id).isZero();
            assertThat(outcome.ticket()).as("order " + id).isNotEqualTo("CREATE_PENDING");
        }
        for (String id : declined) {
            // the legacy system keeps its decline (under the request key), never an authorization
            assertThat(outcomes.get(id)).as("order " + id).isEqualTo(new Outcome("REJECTED", "COMPENSATED", 1,
                    "CANCELLED", "DECLINED", 1));
        }
    }

    @Test
    void shouldDecideTwoHundredOrdersConsistentlyWithTheirTicketsAndAuthorizations() throws Exception {
        HubClient hub = new HubClient(port);
        String open = hub.newRestaurant();
        String closed = hub.newRestaurant();
        hub.kitchenAcceptsOrders(closed, false);
        String rich = hub.newConsumer("5000.00");
        String poor = hub.newConsumer("5.00");
        List<String> orders = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            switch (ThreadLocalRandom.current().nextInt(5)) {
                case 0 -> orders.add(hub.placeOrder(rich, closed, "dal", 1)); // the kitchen refuses
                case 1 -> orders.add(hub.placeOrder(rich, open, "feast", 11)); // the card is declined
                case 2 -> orders.add(hub.placeOrder(poor, open, "dal", 2)); // over the consumer's credit
                default -> orders.add(hub.placeOrder(rich, open, "dal", 1)); // approved
            }
        }

        await().atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofSeconds(1))
                .until(() -> decided(orders) == orders.size() && waitingCommands(orders) == 0);

        Map<String, Outcome> outcomes = outcomes(orders);
        assertThat(outcomes).hasSize(200);
        for (var entry : outcomes.entrySet()) {
            Outcome outcome = entry.getValue();
            String order = "order " + entry.getKey() + ": " + outcome;
            assertThat(outcome.sagas()).as(order).isEqualTo(1);
            if (outcome.order().equals("APPROVED")) {
                assertThat(outcome.saga()).as(order).isEqualTo("COMPLETED");
                assertThat(outcome.ticket()).as(order).isEqualTo("AWAITING_ACCEPTANCE");
                assertThat(outcome.authorization()).as(order).isEqualTo("AUTHORIZED");
                assertThat(outcome.authorizations()).as(order).isEqualTo(1);
            } else {
                assertThat(outcome.order()).as(order).isEqualTo("REJECTED");
                assertThat(outcome.saga()).as(order).isEqualTo("COMPENSATED");
                assertThat(outcome.ticket()).as(order).isIn(null, "CANCELLED", "REJECTED");
                assertThat(outcome.authorization()).as(order).isNotEqualTo("AUTHORIZED");
            }
        }
        assertThat(outcomes.values().stream().map(Outcome::order).collect(Collectors.toSet()))
                .as("a mix of outcomes").contains("APPROVED", "REJECTED");
    }

    /** One order as every service sees it. */
    record Outcome(String order, String saga, int sagas, String ticket, String authorization, int authorizations) {
    }

    /** One query per table: orders, sagas, tickets, authorizations. */
    private Map<String, Outcome> outcomes(List<String> orderIds) {
        Long[] ids = orderIds.stream().map(Long::valueOf).toArray(Long[]::new);
        String[] keys = orderIds.toArray(String[]::new);
        Map<String, String> orders = new ConcurrentHashMap<>();
        jdbc.query("select id::text, state from orders.orders where id = any(?)",
                rs -> { orders.put(rs.getString(1), rs.getString(2)); }, (Object) ids);
        Map<String, List<String>> sagas = new ConcurrentHashMap<>();
        jdbc.query("select order_id::text, state from orders.saga_instance where order_id = any(?)", rs -> {
            sagas.computeIfAbsent(rs.getString(1), k -> new ArrayList<>()).add(rs.getString(2));
        }, (Object) ids);
        Map<String, String> tickets = new ConcurrentHashMap<>();
        jdbc.query("select order_id, state from kitchen.tickets where order_id = any(?)",
                rs -> { tickets.put(rs.getString(1), rs.getString(2)); }, (Object) keys);
        Map<String, List<String>> authorizations = new ConcurrentHashMap<>();
        jdbc.query("select order_id, status from accounting.legacy_authorizations where order_id = any(?)", rs -> {
            authorizations.computeIfAbsent(rs.getString(1), k -> new ArrayList<>()).add(rs.getString(2));
        }, (Object) keys);
        Map<String, Outcome> outcomes = new java.util.TreeMap<>();
        for (String id : orderIds) {
            List<String> sagaStates = sagas.getOrDefault(id, List.of());
            List<String> authorized = authorizations.getOrDefault(id, List.of());
            outcomes.put(id, new Outcome(orders.get(id), sagaStates.isEmpty() ? null : sagaStates.get(0),
                    sagaStates.size(), tickets.get(id), authorized.isEmpty() ? null : authorized.get(0),
                    authorized.size()));
        }
        return outcomes;
    }

    private int decided(List<String> orderIds) {
        return jdbc.queryForObject("select count(*) from orders.orders where id = any(?) and state in "
                + "('APPROVED', 'REJECTED')", Integer.class,
                (Object) orderIds.stream().map(Long::valueOf).toArray(Long[]::new));
    }

    /** Commands of these orders' sagas still waiting for a reply (e.g. a compensation after a late success). */
    private int waitingCommands(List<String> orderIds) {
        return jdbc.queryForObject("select count(*) from orders.saga_step s join orders.saga_instance i on "
                + "i.id = s.saga_id where i.order_id = any(?) and s.outcome = 'SENT'", Integer.class,
                (Object) orderIds.stream().map(Long::valueOf).toArray(Long[]::new));
    }

    @SafeVarargs
    private static List<String> merge(List<String>... lists) {
        List<String> all = new ArrayList<>();
        for (List<String> list : lists) {
            all.addAll(list);
        }
        return all;
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis); // the length of a simulated relay outage, not an assertion
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
