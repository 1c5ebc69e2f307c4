package io.integrationhub.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;

import org.apache.camel.CamelContext;
import org.apache.camel.component.resilience4j.ResilienceProcessor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

import com.fasterxml.jackson.databind.JsonNode;

import io.micrometer.core.instrument.MeterRegistry;

/**
 * The create-order saga end to end (order-app, the kitchen, accounting over the simulated legacy REST system), every
 * message across the real broker: approval, each refusal with its compensation, deadlines, late and repeated replies,
 * and a compensation that keeps failing until an operator steps in. Step deadlines of the test profile: 6 s, two
 * re-sends; authorize-card 15 s (the accounting adapter gives up after 6 s).
 */
@HubSystemTest
class CreateOrderSagaTest {

    static final Duration DECISION = Duration.ofSeconds(60);

    @LocalServerPort
    int port;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    CamelContext camel;

    @Autowired
    MeterRegistry meters;

    @Autowired
    ConnectionFactory connectionFactory;

    HubClient hub;
    String restaurant;

    @BeforeEach
    void partners() throws Exception {
        hub = new HubClient(port);
        // each test starts from a closed breaker: an earlier test's legacy outage must not shorten this one's
        camel.getProcessor("legacy-accounting-breaker", ResilienceProcessor.class).transitionToCloseState();
        restaurant = hub.newRestaurant();
    }

    @AfterEach
    void everythingBackToNormal() throws Exception {
        hub.accountingMode("normal");
        if (!camel.getRouteController().getRouteStatus("kitchen-commands").isStarted()) {
            camel.getRouteController().startRoute("kitchen-commands");
        }
    }

    @Test
    void shouldApproveAnOrderWhenKitchenAndAccountingAgree() throws Exception {
        String orderId = hub.placeOrder(hub.newConsumer("100.00"), restaurant, "dal", 2);

        JsonNode order = hub.awaitState(orderId, "APPROVED", DECISION);

        assertThat(order.get("_links").has("cancel")).as("an approved order may be cancelled").isTrue();
        assertThat(hub.ticket(orderId).get("state").asText()).isEqualTo("AWAITING_ACCEPTANCE");
        assertThat(authorizations(orderId, "AUTHORIZED")).isEqualTo(1);
        assertThat(events(orderId, "OrderApproved")).isEqualTo(1);
        JsonNode saga = hub.saga(orderId);
        assertThat(saga.get("state").asText()).isEqualTo("COMPLETED");
        assertThat(forwardCommands(saga)).containsExactly("ValidateConsumerInfo", "ValidateOrderDetails",
                "CreateTicket", "AuthorizeCard", "ConfirmCreateTicket");
        assertThat(saga.get("data").get("ticketId").asText()).isEqualTo(hub.ticket(orderId).get("ticketId").asText());
        await().atMost(Duration.ofSeconds(20)).until(() -> notifications(orderId) == 1);
    }

    @Test
    void shouldRejectAnOrderTheKitchenRefusesWithoutAuthorizingTheCard() throws Exception {
        hub.kitchenAcceptsOrders(restaurant, false);
        String orderId = hub.placeOrder(hub.newConsumer("100.00"), restaurant, "dal", 1);

        JsonNode order = hub.awaitState(orderId, "REJECTED", DECISION);

        assertThat(order.get("rejectionReason").asText()).contains("not accepting orders");
        assertThat(hub.saga(orderId).get("state").asText()).isEqualTo("COMPENSATED");
        assertThat(authorizations(orderId, null)).as("no card authorization was asked for").isZero();
        assertThat(sentCommands(orderId, "AuthorizeCard")).isZero();
        assertThat(events(orderId, "OrderRejected")).isEqualTo(1);
    }

    @Test
    void shouldCancelTheTicketWhenTheCardIsDeclined() throws Exception {
        // 11 × 99.00 = 1089.00: within the consumer's credit, over the legacy system's card limit (1000.00)
        String orderId = hub.placeOrder(hub.newConsumer("5000.00"), restaurant, "feast", 11);

        JsonNode order = hub.awaitState(orderId, "REJECTED", DECISION);

        assertThat(order.get("rejectionReason").asText()).contains("declined");
        await().atMost(Duration.ofSeconds(10)).until(() -> "CANCELLED".equals(hub.ticket(orderId).get("state").asText()));
        assertThat(authorizations(orderId, "AUTHORIZED")).isZero();
        JsonNode saga = hub.saga(orderId);
        assertThat(saga.get("state").asText()).isEqualTo("COMPENSATED");
        assertThat(compensations(saga)).containsExactly("CancelCreateTicket");
    }

    @Test
    void shouldRejectAndCancelTheTicketWhenAccountingStaysDownPastTheDeadline() throws Exception {
        hub.accountingMode("down");
        String orderId = hub.placeOrder(hub.newConsumer("100.00"), restaurant, "dal", 1);

        JsonNode order = hub.awaitState(orderId, "REJECTED", DECISION);

        assertThat(order.get("rejectionReason").asText()).contains("legacy accounting unavailable")
                .as("words, never a Java class").doesNotContain("Exception");
        await().atMost(Duration.ofSeconds(10)).until(() -> "CANCELLED".equals(hub.ticket(orderId).get("state").asText()));
        assertThat(authorizations(orderId, "AUTHORIZED")).isZero();
    }

    @Test
    void shouldApproveAndAuthorizeOnceWhenAccountingIsBackBeforeTheDeadline() throws Exception {
        hub.accountingMode("down");
        String orderId = hub.placeOrder(hub.newConsumer("100.00"), restaurant, "dal", 1);
        await().atMost(DECISION).until(() -> "authorize-card".equals(hub.saga(orderId).get("currentStep").asText()));

        hub.accountingMode("normal");

        hub.awaitState(orderId, "APPROVED", DECISION);
        assertThat(authorizations(orderId, "AUTHORIZED")).isEqualTo(1);
        assertThat(hub.ticket(orderId).get("state").asText()).isEqualTo("AWAITING_ACCEPTANCE");
    }

    @Test
    void shouldApplyARepeatedReplyOnceAndCountIt() throws Exception {
        String orderId = hub.placeOrder(hub.newConsumer("100.00"), restaurant, "dal", 1);
        hub.awaitState(orderId, "APPROVED", DECISION);
        hub.awaitDelivery(orderId, DECISION); // the delivery quotes write to the order's outbox too, beside the saga
        JsonNode createTicket = command(hub.saga(orderId), "CreateTicket");
        double repeatedBefore = ignored("repeated");
        int outboxBefore = outboxRows(orderId);

        // the same answer again under a new messageId (a participant that sent its reply twice)
        reply(createTicket.get("commandMessageId").asText(), "TicketCreated", orderId,
                "{\"orderId\":\"" + orderId + "\",\"ticketId\":\"t-repeated\"}");

        await().atMost(Duration.ofSeconds(20)).until(() -> ignored("repeated") >= repeatedBefore + 1);
        JsonNode saga = hub.saga(orderId);
        assertThat(saga.get("state").asText()).isEqualTo("COMPLETED");
        assertThat(saga.get("data").get("ticketId").asText()).isNotEqualTo("t-repeated");
        assertThat(outboxRows(orderId)).as("nothing was sent for it").isEqualTo(outboxBefore);
    }

    @Test
    void shouldIgnoreRepliesAfterTheDeadlineAndCancelATicketCreatedTooLate() throws Exception {
        camel.getRouteController().stopRoute("kitchen-commands");
        String orderId = hub.placeOrder(hub.newConsumer("100.00"), restaurant, "dal", 1);
        double lateBefore = ignored("late");

        // 3 sends of CreateTicket without an answer (6 s each): the saga gives up and rejects the order
        JsonNode order = hub.awaitState(orderId, "REJECTED", DECISION);
        assertThat(order.get("rejectionReason").asText()).contains("no reply to CreateTicket");
        assertThat(sentCommands(orderId, "CreateTicket")).isEqualTo(3);

        // the kitchen comes back and works through the three: the answers are late, and the ticket they made is
        // cancelled rather than left CREATE_PENDING
        camel.getRouteController().startRoute("kitchen-commands");
        await().atMost(Duration.ofSeconds(30)).until(() -> ignored("late") >= lateBefore + 3);
        await().atMost(Duration.ofSeconds(30)).until(() -> "CANCELLED".equals(hub.ticket(orderId).get("state").asText()));
        assertThat(hub.order(orderId).get("state").asText()).isEqualTo("REJECTED");
        assertThat(sentCommands(orderId, "CancelCreateTicket")).isEqualTo(1);
        assertThat(authorizations(orderId, null)).isZero();
    }

    @Test
    void shouldEndFailedWhenACompensationKeepsFailingAndCompensateWhenAnOperatorAsks() throws Exception {
        hub.accountingMode("down"); // the authorization waits, then fails after the adapter's 6 s
        String orderId = hub.placeOrder(hub.newConsumer("100.00"), restaurant, "dal", 1);
        await().atMost(DECISION).until(() -> "authorize-card".equals(hub.saga(orderId).get("currentStep").asText()));
        camel.getRouteController().stopRoute("kitchen-commands"); // CancelCreateTicket will get no answer

        await().atMost(DECISION).until(() -> "FAILED".equals(hub.saga(orderId).get("state").asText()));
        JsonNode failed = hub.saga(orderId);
        assertThat(failed.get("failedBecause").asText()).contains("CancelCreateTicket");
        assertThat(failed.get("failureReason").asText()).contains("legacy accounting unavailable");
        JsonNode listed = hub.admin("GET", "/api/v1/admin/sagas?state=FAILED&size=200");
        assertThat(listed.get("sagas").findValuesAsText("sagaId")).contains(failed.get("sagaId").asText());
        assertThat(hub.order(orderId).get("state").asText()).as("not decided while FAILED").isEqualTo("VALIDATED");

        camel.getRouteController().startRoute("kitchen-commands"); // the cause is fixed
        hub.admin("POST", "/api/v1/admin/sagas/" + failed.get("sagaId").asText() + "/compensate");

        await().atMost(DECISION).until(() -> "COMPENSATED".equals(hub.saga(orderId).get("state").asText()));
        assertThat(hub.order(orderId).get("state").asText()).isEqualTo("REJECTED");
        assertThat(hub.ticket(orderId).get("state").asText()).isEqualTo("CANCELLED");
    }

    @Test
    void shouldRefuseOperatorActionsOnAnEndedSagaAndBadQueries() throws Exception {
        String orderId = hub.placeOrder(hub.newConsumer("100.00"), restaurant, "dal", 1);
        hub.awaitState(orderId, "APPROVED", DECISION);
        String sagaId = hub.saga(orderId).get("sagaId").asText();

        assertThat(hub.send("POST", "/api/v1/admin/sagas/" + sagaId + "/retry", "").statusCode()).isEqualTo(409);
        assertThat(hub.send("GET", "/api/v1/admin/sagas/" + UUID.randomUUID(), null).statusCode()).isEqualTo(404);
        assertThat(hub.send("GET", "/api/v1/admin/sagas/not-a-saga", null).statusCode()).isEqualTo(404);
        assertThat(hub.send("GET", "/api/v1/admin/sagas?state=SLEEPING", null).statusCode()).isEqualTo(400);
        assertThat(hub.send("GET", "/api/v1/admin/sagas?size=0", null).statusCode()).isEqualTo(400);
    }

    // --- helpers

    private long authorizations(String orderId, String status) {
        return jdbc.queryForObject("select count(*) from accounting.legacy_authorizations where order_id = ? "
                + "and (?::text is null or status = ?)", Long.class, orderId, status, status);
    }

    private int events(String orderId, String type) {
        return jdbc.queryForObject("select count(*) from orders.outbox where aggregate_id = ? and message_type = ?",
                Integer.class, orderId, type);
    }

    private int sentCommands(String orderId, String type) {
        return jdbc.queryForObject("select count(*) from orders.saga_step s join orders.saga_instance i "
                + "on i.id = s.saga_id where i.order_id = ? and s.command_type = ?", Integer.class,
                Long.parseLong(orderId), type);
    }

    private int outboxRows(String orderId) {
        return jdbc.queryForObject("select count(*) from orders.outbox where aggregate_id = ?", Integer.class, orderId);
    }

    /** The saga's NotifyConsumer notifications (not the "was received" one that OrderCreated on order.events gives). */
    private int notifications(String orderId) {
        return jdbc.queryForObject("select count(*) from notification.notifications where order_id = ? "
                + "and text not like '% was received:%'", Integer.class, orderId);
    }

    private double ignored(String reason) {
        var counter = meters.find("hub.saga.replies.ignored").tags("saga", "create-order", "reason", reason).counter();
        return counter == null ? 0 : counter.count();
    }

    private static List<String> forwardCommands(JsonNode saga) {
        return commands(saga, "FORWARD");
    }

    private static List<String> compensations(JsonNode saga) {
        return commands(saga, "COMPENSATION");
    }

    private static List<String> commands(JsonNode saga, String direction) {
        List<String> commands = new ArrayList<>();
        for (JsonNode step : saga.get("steps")) {
            if (step.get("direction").asText().equals(direction) && step.get("outcome").asText().equals("SUCCEEDED")) {
                commands.add(step.get("command").asText());
            }
        }
        return commands;
    }

    private static JsonNode command(JsonNode saga, String type) {
        for (JsonNode step : saga.get("steps")) {
            if (step.get("command").asText().equals(type)) {
                return step;
            }
        }
        throw new AssertionError("saga sent no " + type);
    }

    /** A reply to order.replies as a participant would send it (privileged test client). */
    private void reply(String correlationId, String type, String orderId, String body) throws Exception {
        try (Connection connection = connectionFactory.createConnection()) {
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            TextMessage message = session.createTextMessage(body);
            message.setStringProperty("messageId", UUID.randomUUID().toString());
            message.setStringProperty("messageType", type);
            message.setStringProperty("messageVersion", "1.0");
            message.setStringProperty("aggregateType", "Order");
            message.setStringProperty("aggregateId", orderId);
            message.setStringProperty("JMSXGroupID", orderId);
            message.setJMSCorrelationID(correlationId);
            session.createProducer(session.createQueue("order.replies")).send(message);
        }
    }
}
