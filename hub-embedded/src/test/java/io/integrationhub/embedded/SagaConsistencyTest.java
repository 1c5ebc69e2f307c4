package io.integrationhub.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Collectors;

import org.apache.camel.CamelContext;
import org.apache.camel.component.resilience4j.ResilienceProcessor;
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

        List<String> approved = new ArrayList<>();
        List<String> refused = new ArrayList<>();
        List<String> declined = new ArrayList<>();
        int lostAcks;
        long failedMarks;
        try (CrashFaults faults = new CrashFaults(camel, jdbc, relays)) {
            for (int i = 0; i < 3; i++) {
                approved.add(hub.placeOrder(consumer, open, "dal", 1));
                refused.add(hub.placeOrder(consumer, closed, "dal", 1));
                declined.add(hub.placeOrder(consumer, open, "feast", 11)); // over the card limit
            }
            List<String> all = merge(approved, refused, declined);
            await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(1))
                    .until(() -> decided(all) == all.size() && waitingCommands(all) == 0);
            lostAcks = faults.lostAcks();
            failedMarks = faults.failedMarks();
        }

        assertThat(lostAcks).as("acknowledgements lost").isGreaterThan(9 * 4);
        assertThat(failedMarks).as("marks failed").isGreaterThan(2);
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

    @Test
    void shouldCancelAndReviseOnceThroughCrashesAtEveryStepBoundary() throws Exception {
        HubClient hub = new HubClient(port);
        String restaurant = hub.newRestaurant();
        String rich = hub.newConsumer("5000.00");
        String poor = hub.newConsumer("20.00");
        List<String> cancelled = new ArrayList<>();
        List<String> revised = new ArrayList<>();
        List<String> overCredit = new ArrayList<>();
        List<String> preparing = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            cancelled.add(hub.placeOrder(rich, restaurant, "dal", 1));
            revised.add(hub.placeOrder(rich, restaurant, "dal", 1));
            overCredit.add(hub.placeOrder(poor, restaurant, "dal", 1));
            preparing.add(hub.placeOrder(rich, restaurant, "dal", 1));
        }
        List<String> all = merge(cancelled, revised, overCredit, preparing);
        for (String id : all) {
            hub.awaitState(id, "APPROVED", Duration.ofSeconds(60));
        }
        for (String id : preparing) {
            hub.kitchen(id, "accept");
            hub.kitchen(id, "preparing");
        }

        try (CrashFaults faults = new CrashFaults(camel, jdbc, relays)) {
            for (String id : cancelled) {
                assertThat(hub.cancel(id).statusCode()).isEqualTo(202);
            }
            for (String id : preparing) {
                assertThat(hub.cancel(id).statusCode()).isEqualTo(202);
            }
            for (String id : revised) {
                assertThat(hub.revise(id, "{\"dal\":3}", null).statusCode()).isEqualTo(202);
            }
            for (String id : overCredit) {
                assertThat(hub.revise(id, "{\"dal\":9}", null).statusCode()).isEqualTo(202); // 40.50 > 20.00
            }
            await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(1))
                    .until(() -> pending(all) == 0 && waitingCommands(all) == 0);
            assertThat(faults.lostAcks()).as("acknowledgements lost").isGreaterThan(8 * 2);
        }

        for (String id : cancelled) {
            assertThat(changeOutcome(id)).as("order " + id).isEqualTo(List.of("CANCELLED", "COMPLETED", "CANCELLED",
                    "REVERSED", "4.50"));
        }
        for (String id : preparing) {
            assertThat(changeOutcome(id)).as("order " + id).isEqualTo(List.of("APPROVED", "COMPENSATED", "PREPARING",
                    "AUTHORIZED", "4.50"));
        }
        for (String id : revised) {
            assertThat(changeOutcome(id)).as("order " + id).isEqualTo(List.of("APPROVED", "COMPLETED",
                    "AWAITING_ACCEPTANCE", "AUTHORIZED", "13.50"));
        }
        for (String id : overCredit) {
            assertThat(changeOutcome(id)).as("order " + id).isEqualTo(List.of("APPROVED", "COMPENSATED",
                    "AWAITING_ACCEPTANCE", "AUTHORIZED", "4.50"));
        }
    }

    /** Order state, its change saga's state (exactly one), ticket state, authorization status and amount. */
    private List<String> changeOutcome(String orderId) {
        long id = Long.parseLong(orderId);
        String order = jdbc.queryForObject("select state || '|' || order_total from orders.orders where id = ?",
                String.class, id);
        List<String> sagas = jdbc.queryForList("select state from orders.saga_instance where order_id = ? and "
                + "saga_type <> 'create-order'", String.class, id);
        assertThat(sagas).as("one change saga for order " + orderId).hasSize(1);
        String ticket = jdbc.queryForObject("select state from kitchen.tickets where order_id = ?", String.class,
                orderId);
        var authorization = jdbc.queryForMap("select status, amount from accounting.legacy_authorizations "
                + "where order_id = ?", orderId);
        String[] orderParts = order.split("\\|");
        assertThat(new java.math.BigDecimal(authorization.get("amount").toString()))
                .as("authorized amount = order total, order " + orderId)
                .isEqualByComparingTo(orderParts[0].equals("CANCELLED") ? "4.50" : orderParts[1]);
        return List.of(orderParts[0], sagas.get(0), ticket, (String) authorization.get("status"),
                new java.math.BigDecimal(orderParts[1]).setScale(2).toPlainString());
    }

    private int pending(List<String> orderIds) {
        return jdbc.queryForObject("select count(*) from orders.orders where id = any(?) and state like '%_PENDING'",
                Integer.class, (Object) orderIds.stream().map(Long::valueOf).toArray(Long[]::new));
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
}
