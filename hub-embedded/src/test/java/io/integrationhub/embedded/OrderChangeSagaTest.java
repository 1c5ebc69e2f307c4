package io.integrationhub.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.apache.camel.CamelContext;
import org.apache.camel.component.resilience4j.ResilienceProcessor;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Cancel and revise (the cancel-order and revise-order sagas) across the real broker: the semantic locks
 * (CANCEL_PENDING, REVISION_PENDING → 409 with the state), the kitchen refusing once it is preparing, the consumer's
 * credit limit refusing a revision, the reread-value check (If-Match → 412), and many concurrent conflicting
 * requests on one order.
 */
@HubSystemTest
class OrderChangeSagaTest {

    static final Duration DECISION = Duration.ofSeconds(60);

    @LocalServerPort
    int port;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    CamelContext camel;

    final ObjectMapper json = new ObjectMapper();

    HubClient hub;
    String restaurant;

    @BeforeEach
    void partners() throws Exception {
        hub = new HubClient(port);
        camel.getProcessor("legacy-accounting-breaker", ResilienceProcessor.class).transitionToCloseState();
        restaurant = hub.newRestaurant();
    }

    @Test
    void shouldCancelAnApprovedOrderReversingItsAuthorizationOnce() throws Exception {
        String orderId = approvedOrder("100.00", 2);

        HttpResponse<String> accepted = hub.cancel(orderId);

        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
        JsonNode pending = json.readTree(accepted.body());
        assertThat(pending.get("state").asText()).isEqualTo("CANCEL_PENDING");
        assertThat(pending.get("_links").fieldNames()).toIterable().containsExactly("self");
        hub.awaitState(orderId, "CANCELLED", DECISION);
        assertThat(hub.ticket(orderId).get("state").asText()).isEqualTo("CANCELLED");
        assertThat(authorization(orderId).get("status")).isEqualTo("REVERSED");
        assertThat(hub.saga(orderId, "cancel-order").get("state").asText()).isEqualTo("COMPLETED");
        assertThat(events(orderId, "OrderCancelled")).isEqualTo(1);
    }

    @Test
    void shouldRefuseTheCancelOnceTheKitchenIsPreparingAndKeepTheOrderApproved() throws Exception {
        String orderId = approvedOrder("100.00", 1);
        hub.kitchen(orderId, "accept");
        hub.kitchen(orderId, "preparing");

        assertThat(hub.cancel(orderId).statusCode()).isEqualTo(202);

        await().atMost(DECISION).until(() -> "COMPENSATED".equals(hub.saga(orderId, "cancel-order").get("state")
                .asText()));
        JsonNode order = hub.order(orderId);
        assertThat(order.get("state").asText()).isEqualTo("APPROVED");
        assertThat(order.get("refusedChange").asText()).contains("preparing");
        assertThat(order.get("_links").has("cancel")).as("the order may be asked again").isTrue();
        assertThat(hub.ticket(orderId).get("state").asText()).isEqualTo("PREPARING");
        assertThat(authorization(orderId).get("status")).isEqualTo("AUTHORIZED");
    }

    @Test
    void shouldReviseWithinTheCreditLimitAndReviseTheAuthorization() throws Exception {
        String orderId = approvedOrder("100.00", 2); // 2 × 4.50

        HttpResponse<String> accepted = hub.revise(orderId, "{\"dal\":4}", null);

        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
        assertThat(json.readTree(accepted.body()).get("state").asText()).isEqualTo("REVISION_PENDING");
        await().atMost(DECISION).until(() -> "COMPLETED".equals(hub.saga(orderId, "revise-order").get("state")
                .asText()));
        JsonNode order = hub.order(orderId);
        assertThat(order.get("state").asText()).isEqualTo("APPROVED");
        assertThat(order.get("orderTotal").decimalValue()).isEqualByComparingTo("18.00");
        assertThat(order.get("lineItems").get(0).get("quantity").asInt()).isEqualTo(4);
        assertThat(new java.math.BigDecimal(authorization(orderId).get("amount").toString()))
                .isEqualByComparingTo("18.00");
        assertThat(events(orderId, "OrderRevised")).isEqualTo(1);
    }

    @Test
    void shouldRefuseARevisionOverTheCreditLimitAndKeepTheOldQuantities() throws Exception {
        String orderId = approvedOrder("20.00", 2); // 9.00; 10 × 4.50 = 45.00 is over 20.00

        assertThat(hub.revise(orderId, "{\"dal\":10}", null).statusCode()).isEqualTo(202);

        await().atMost(DECISION).until(() -> "COMPENSATED".equals(hub.saga(orderId, "revise-order").get("state")
                .asText()));
        JsonNode order = hub.order(orderId);
        assertThat(order.get("state").asText()).isEqualTo("APPROVED");
        assertThat(order.get("orderTotal").decimalValue()).isEqualByComparingTo("9.00");
        assertThat(order.get("lineItems").get(0).get("quantity").asInt()).isEqualTo(2);
        assertThat(order.get("refusedChange").asText()).contains("credit limit");
        assertThat(new java.math.BigDecimal(authorization(orderId).get("amount").toString()))
                .isEqualByComparingTo("9.00");
    }

    @Test
    void shouldRefuseARevisionBasedOnAStaleVersion() throws Exception {
        String orderId = approvedOrder("100.00", 1);
        String etag = hub.send("GET", "/api/v1/orders/" + orderId, null).headers().firstValue("ETag").orElseThrow();

        assertThat(hub.revise(orderId, "{\"dal\":2}", etag).statusCode()).isEqualTo(202);
        await().atMost(DECISION).until(() -> "APPROVED".equals(hub.order(orderId).get("state").asText()));

        HttpResponse<String> stale = hub.revise(orderId, "{\"dal\":3}", etag);
        assertThat(stale.statusCode()).as(stale.body()).isEqualTo(412);
        assertThat(stale.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/problem+json");
        String current = hub.send("GET", "/api/v1/orders/" + orderId, null).headers().firstValue("ETag").orElseThrow();
        assertThat(hub.revise(orderId, "{\"dal\":3}", "W/" + current).statusCode()).as("If-Match compares strongly")
                .isEqualTo(412);
        assertThat(hub.revise(orderId, "{\"dal\":3}", "not-an-etag").statusCode()).isEqualTo(400);
        assertThat(hub.revise(orderId, "{\"rice\":3}", null).statusCode()).as("not on the order").isEqualTo(422);
    }

    @Test
    void shouldAcceptExactlyOneOfTwentyConcurrentChangesAndStayConsistent() throws Exception {
        String orderId = approvedOrder("1000.00", 1);
        // the kitchen holds the first change at its first step, so all twenty meet the lock it took (without this,
        // a change can complete before the last request arrives, and that request is rightly accepted)
        camel.getRouteController().stopRoute("kitchen-commands");
        List<HttpResponse<String>> responses = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(20);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<HttpResponse<String>>> answers = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                int n = i;
                Callable<HttpResponse<String>> change = () -> {
                    start.await();
                    return n % 2 == 0 ? hub.cancel(orderId)
                            : hub.revise(orderId, "{\"dal\":" + (2 + n) + "}", null);
                };
                answers.add(pool.submit(change));
            }
            start.countDown();
            for (Future<HttpResponse<String>> answer : answers) {
                responses.add(answer.get());
            }
        } finally {
            pool.shutdown();
            camel.getRouteController().startRoute("kitchen-commands");
        }

        assertThat(responses.stream().filter(r -> r.statusCode() == 202)).hasSize(1);
        List<HttpResponse<String>> refused = responses.stream().filter(r -> r.statusCode() != 202).toList();
        assertThat(refused).hasSize(19).allSatisfy(r -> {
            assertThat(r.statusCode()).isEqualTo(409);
            JsonNode problem = json.readTree(r.body());
            assertThat(problem.get("state").asText()).isIn("CANCEL_PENDING", "REVISION_PENDING");
            assertThat(problem.get("allowedActions")).isEmpty();
        });

        await().atMost(DECISION).until(() -> !hub.order(orderId).get("state").asText().endsWith("_PENDING"));
        JsonNode order = hub.order(orderId);
        Map<String, Object> authorization = authorization(orderId);
        JsonNode ticket = hub.ticket(orderId);
        if (order.get("state").asText().equals("CANCELLED")) {
            assertThat(ticket.get("state").asText()).isEqualTo("CANCELLED");
            assertThat(authorization.get("status")).isEqualTo("REVERSED");
        } else {
            assertThat(order.get("state").asText()).isEqualTo("APPROVED");
            assertThat(ticket.get("lineItems").get(0).get("quantity").asInt())
                    .isEqualTo(order.get("lineItems").get(0).get("quantity").asInt());
            assertThat(new java.math.BigDecimal(authorization.get("amount").toString()))
                    .isEqualByComparingTo(order.get("orderTotal").decimalValue());
        }
    }

    // --- helpers

    private String approvedOrder(String creditLimit, int quantity) throws Exception {
        String orderId = hub.placeOrder(hub.newConsumer(creditLimit), restaurant, "dal", quantity);
        hub.awaitState(orderId, "APPROVED", DECISION);
        return orderId;
    }

    private Map<String, Object> authorization(String orderId) {
        return jdbc.queryForMap("select status, amount from accounting.legacy_authorizations where order_id = ?",
                orderId);
    }

    private int events(String orderId, String type) {
        return jdbc.queryForObject("select count(*) from orders.outbox where aggregate_id = ? and message_type = ?",
                Integer.class, orderId, type);
    }
}
