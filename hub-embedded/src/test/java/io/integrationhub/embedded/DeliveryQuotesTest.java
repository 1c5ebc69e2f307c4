package io.integrationhub.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;

import org.apache.camel.CamelContext;
import org.apache.camel.ServiceStatus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.jdbc.DataSourceProperties;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import com.fasterxml.jackson.databind.JsonNode;

import io.integrationhub.order.quotes.DeliveryQuoteLeadership;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Publish / async responses end to end: a VALIDATED order publishes DeliveryQuoteRequested on the topic, both
 * simulated couriers (swift: 6.90 + 5 % of the total in 20 min; thrifty: 3.90 in 45 min) answer through their
 * outboxes, and order-app's aggregator (PostgreSQL repository) records the cheapest quote on the order — every
 * message across the real broker. The test profile's aggregation timeout is 3 s.
 */
@HubSystemTest
class DeliveryQuotesTest {

    static final Duration DECISION = Duration.ofSeconds(30);
    static final String AGGREGATOR = "aggregate-delivery-quotes";
    static final String CONSUMER = "order-delivery-quotes";

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

    @Autowired
    DeliveryQuoteLeadership leadership;

    @Autowired
    ObjectProvider<CamelContext> camelProvider;

    @Autowired
    DataSourceProperties database;

    HubClient hub;
    String restaurant;

    @BeforeEach
    void partners() throws Exception {
        hub = new HubClient(port);
        restaurant = hub.newRestaurant();
    }

    @AfterEach
    void everythingBackToNormal() throws Exception {
        for (String route : new String[] { AGGREGATOR, CONSUMER }) {
            if (camel.getRouteController().getRouteStatus(route) != ServiceStatus.Started) {
                camel.getRouteController().startRoute(route);
            }
        }
        hub.courierMode("swift", "normal");
        hub.courierMode("thrifty", "normal");
    }

    @Test
    void shouldChooseTheCheapestQuoteWhenEveryCourierAnswers() throws Exception {
        String orderId = hub.placeOrder(hub.newConsumer("100.00"), restaurant, "dal", 2);

        JsonNode delivery = hub.awaitDelivery(orderId, DECISION).get("delivery");

        assertThat(delivery.get("state").asText()).isEqualTo("QUOTED");
        assertThat(delivery.get("courierId").asText()).isEqualTo("thrifty");
        assertThat(delivery.get("price").decimalValue()).isEqualByComparingTo("3.90");
        assertThat(delivery.get("etaMinutes").asInt()).isEqualTo(45);
        assertThat(delivery.get("quotes").asText()).isEqualTo("2 of 2");
        assertThat(delivery.get("completedBy").asText()).isEqualTo("all");
        assertThat(events(orderId)).isEqualTo(1);
        assertThat(requests(orderId)).as("one request per order, on the topic, answered to order.delivery-quotes")
                .isEqualTo(1);
        assertThat(groupsOf(orderId)).as("nothing left in the aggregation repository").isZero();
        // delivery is charged separately: the saga goes on and the card authorizes the food only
        hub.awaitState(orderId, "APPROVED", DECISION);
        assertThat(jdbc.queryForObject("select amount from accounting.legacy_authorizations where order_id = ?",
                BigDecimal.class, orderId)).isEqualByComparingTo("9.00");
    }

    @Test
    void shouldCompleteAtTheTimeoutWithTheQuoteOfTheCourierStillUp() throws Exception {
        hub.courierMode("thrifty", "stopped");
        double lateBefore = ignored("late");
        String orderId = hub.placeOrder(hub.newConsumer("100.00"), restaurant, "dal", 2);

        JsonNode delivery = hub.awaitDelivery(orderId, DECISION).get("delivery");

        assertThat(delivery.get("courierId").asText()).isEqualTo("swift");
        assertThat(delivery.get("price").decimalValue()).isEqualByComparingTo("7.35"); // 6.90 + 5 % of 9.00
        assertThat(delivery.get("quotes").asText()).isEqualTo("1 of 2");
        assertThat(delivery.get("completedBy").asText()).isEqualTo("timeout");

        // thrifty is back and answers the request waiting in its subscription: too late, counted, nothing changes
        hub.courierMode("thrifty", "normal");
        await().atMost(DECISION).until(() -> ignored("late") >= lateBefore + 1);
        assertThat(hub.order(orderId).get("delivery")).isEqualTo(delivery);
        assertThat(events(orderId)).isEqualTo(1);
    }

    @Test
    void shouldRecordNoDeliveryQuoteAndStillApproveWhenEveryCourierDeclines() throws Exception {
        hub.courierMode("swift", "declining");
        hub.courierMode("thrifty", "declining");
        String orderId = hub.placeOrder(hub.newConsumer("100.00"), restaurant, "dal", 1);

        JsonNode delivery = hub.awaitDelivery(orderId, DECISION).get("delivery");

        assertThat(delivery.get("state").asText()).isEqualTo("NO_QUOTE");
        assertThat(delivery.has("courierId")).isFalse();
        assertThat(delivery.get("quotes").asText()).isEqualTo("0 of 2");
        assertThat(delivery.get("completedBy").asText()).isEqualTo("all");
        // the saga's behaviour: delivery is charged separately, so the order is approved without a courier and the
        // consumer is told to collect it
        hub.awaitState(orderId, "APPROVED", DECISION);
        assertThat(hub.saga(orderId).get("state").asText()).isEqualTo("COMPLETED");
        await().atMost(DECISION).until(() -> jdbc.queryForObject("select count(*) from notification.notifications "
                + "where order_id = ? and text like 'No courier can deliver%'", Integer.class, orderId) == 1);
    }

    @Test
    void shouldCompleteOnceWhenTheAggregatorRestartsMidAggregation() throws Exception {
        hub.courierMode("thrifty", "stopped");
        String orderId = hub.placeOrder(hub.newConsumer("100.00"), restaurant, "dal", 2);
        // swift's answer is in the group, thrifty's is not: the group is a row in orders.delivery_quote_aggregation
        await().atMost(DECISION).until(() -> groupsOf(orderId) == 1);

        camel.getRouteController().stopRoute(CONSUMER);
        camel.getRouteController().stopRoute(AGGREGATOR);
        hub.courierMode("thrifty", "normal"); // its answer waits on order.delivery-quotes meanwhile
        // past the 3 s timeout: nothing completes while the aggregator is down, and the group stays in PostgreSQL
        await().during(Duration.ofSeconds(4)).atMost(Duration.ofSeconds(6))
                .until(() -> !hub.order(orderId).has("delivery") && groupsOf(orderId) == 1);

        camel.getRouteController().startRoute(AGGREGATOR);
        camel.getRouteController().startRoute(CONSUMER);

        JsonNode delivery = hub.awaitDelivery(orderId, DECISION).get("delivery");
        assertThat(delivery.get("courierId").asText()).isEqualTo("thrifty");
        assertThat(delivery.get("quotes").asText()).as("swift's answer from before the restart, thrifty's after")
                .isEqualTo("2 of 2");
        assertThat(delivery.get("completedBy").asText()).isEqualTo("all");
        // once: the restored timeout (3 s after the restart) finds nothing left to complete
        await().during(Duration.ofSeconds(4)).atMost(Duration.ofSeconds(6)).until(() -> events(orderId) == 1);
        assertThat(groupsOf(orderId)).isZero();
    }

    @Test
    void shouldIgnoreADuplicatedAndALateReply() throws Exception {
        String orderId = hub.placeOrder(hub.newConsumer("100.00"), restaurant, "dal", 2);
        JsonNode delivery = hub.awaitDelivery(orderId, DECISION).get("delivery");
        Map<String, Object> swiftAnswer = jdbc.queryForMap("select message_id, correlation_id, payload from "
                + "courier_swift.outbox where aggregate_id = ? and message_type = 'DeliveryQuote'", orderId);
        double duplicatesBefore = duplicates();
        double lateBefore = ignored("late");

        // the same message again (a redelivery: same messageId), and a new, cheaper answer after the decision
        answer(swiftAnswer.get("message_id").toString(), swiftAnswer.get("correlation_id").toString(), orderId,
                swiftAnswer.get("payload").toString());
        answer(UUID.randomUUID().toString(), swiftAnswer.get("correlation_id").toString(), orderId,
                "{\"orderId\":\"" + orderId + "\",\"courierId\":\"swift\",\"price\":0.50,\"etaMinutes\":5}");

        await().atMost(DECISION).until(() -> duplicates() >= duplicatesBefore + 1 && ignored("late") >= lateBefore + 1);
        assertThat(hub.order(orderId).get("delivery")).isEqualTo(delivery);
        assertThat(events(orderId)).isEqualTo(1);
        assertThat(groupsOf(orderId)).as("the late answer opened no new group").isZero();
    }

    @Test
    void shouldHandTheAggregatorToAStandbyInstanceWhenTheActiveOneGoesAway() throws Exception {
        assertThat(leadership.isActive()).as("this instance is the active aggregator").isTrue();
        // a second instance's leadership, competing for the same lock in the same database
        DeliveryQuoteLeadership standby = new DeliveryQuoteLeadership(new DriverManagerDataSource(
                database.determineUrl(), database.determineUsername(), database.determinePassword()), camelProvider,
                Duration.ofMillis(200));
        standby.start();
        try {
            await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3)).until(() -> !standby.isActive());

            leadership.stop(); // the active instance goes away: its session ends, and with it the lock

            await().atMost(Duration.ofSeconds(10)).until(standby::isActive);
            String orderId = hub.placeOrder(hub.newConsumer("100.00"), restaurant, "dal", 1);
            assertThat(hub.awaitDelivery(orderId, DECISION).get("delivery").get("completedBy").asText())
                    .isEqualTo("all");
        } finally {
            standby.stop();
            leadership.start();
            await().atMost(Duration.ofSeconds(10)).until(leadership::isActive);
        }
    }

    // --- helpers

    private int events(String orderId) {
        return jdbc.queryForObject("select count(*) from orders.outbox where aggregate_id = ? "
                + "and message_type = 'OrderDeliveryQuoted'", Integer.class, orderId);
    }

    private int requests(String orderId) {
        return jdbc.queryForObject("select count(*) from orders.outbox where aggregate_id = ? "
                + "and message_type = 'DeliveryQuoteRequested' and destination = 'topic:delivery.quote.requests' "
                + "and reply_to = 'queue:order.delivery-quotes'", Integer.class, orderId);
    }

    /** Groups in progress of the order's request in the aggregation repository. */
    private int groupsOf(String orderId) {
        return jdbc.queryForObject("select count(*) from orders.delivery_quote_aggregation a join orders.orders o "
                + "on a.id = o.delivery_quote_request::text where o.id = ?", Integer.class, Long.parseLong(orderId));
    }

    private double ignored(String reason) {
        var counter = meters.find("hub.delivery.quotes.ignored").tags("reason", reason).counter();
        return counter == null ? 0 : counter.count();
    }

    private double duplicates() {
        var counter = meters.find("hub.messages.duplicates").tags("route", CONSUMER).counter();
        return counter == null ? 0 : counter.count();
    }

    /** An answer on order.delivery-quotes as a courier would send it (privileged test client). */
    private void answer(String messageId, String correlationId, String orderId, String body) throws Exception {
        try (Connection connection = connectionFactory.createConnection()) {
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            TextMessage message = session.createTextMessage(body);
            message.setStringProperty("messageId", messageId);
            message.setStringProperty("messageType", "DeliveryQuote");
            message.setStringProperty("messageVersion", "1.0");
            message.setStringProperty("aggregateType", "Order");
            message.setStringProperty("aggregateId", orderId);
            message.setStringProperty("JMSXGroupID", orderId);
            message.setJMSCorrelationID(correlationId);
            session.createProducer(session.createQueue("order.delivery-quotes")).send(message);
        }
    }
}
