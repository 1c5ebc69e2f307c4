package io.integrationhub.order.saga;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import io.integrationhub.order.OrderAppTest;

/**
 * The running orchestrator picks up the sagas V3__sagas.sql creates for orders that were in flight under V2 (rows of
 * exactly the shape {@link SagaMigrationTest} proves the migration writes): a VALIDATED order gets its CreateTicket at
 * the next deadline scan, an order still being validated completes its validation with the reply to the command V2
 * sent.
 */
@OrderAppTest
class MigratedSagaContinuationTest {

    private static final Duration BOUND = Duration.ofSeconds(20);

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    ConnectionFactory connectionFactory;

    @Test
    void shouldSendCreateTicketForAnOrderValidatedBeforeTheUpgrade() {
        long order = order("VALIDATED");
        String saga = migratedSaga(order, 1, 0, 0);
        UUID consumerCommand = migratedStep(saga, "consumer.commands", "ValidateConsumerInfo", "SUCCEEDED");
        UUID restaurantCommand = migratedStep(saga, "restaurant.commands", "ValidateOrderDetails", "SUCCEEDED");

        await().atMost(BOUND).until(() -> steps(saga, 1).size() == 1);

        Map<String, Object> createTicket = steps(saga, 1).get(0);
        assertThat(createTicket).containsEntry("step_name", "create-ticket").containsEntry("command_type",
                "CreateTicket").containsEntry("attempt", 1).containsEntry("outcome", "SENT");
        assertThat(jdbc.queryForMap("select message_type, destination, aggregate_id, saga_id from orders.outbox "
                + "where message_id = ?::uuid", createTicket.get("command_message_id")))
                .containsEntry("message_type", "CreateTicket").containsEntry("destination", "queue:kitchen.commands")
                .containsEntry("aggregate_id", String.valueOf(order)).containsEntry("saga_id", saga);
        Map<String, Object> instance = instance(saga);
        assertThat(instance).containsEntry("state", "RUNNING").containsEntry("current_step", 1)
                .containsEntry("attempts", 1).containsEntry("deadline_ahead", true);
        assertThat(steps(saga, 0)).extracting(row -> row.get("command_message_id"), row -> row.get("outcome"))
                .as("the validations stay as they were").containsExactlyInAnyOrder(
                        tuple(consumerCommand.toString(), "SUCCEEDED"),
                        tuple(restaurantCommand.toString(), "SUCCEEDED"));
    }

    @Test
    void shouldValidateAnOrderWithTheReplyToTheCommandSentBeforeTheUpgrade() throws Exception {
        long order = order("CONSUMER_VALIDATED");
        String saga = migratedSaga(order, 0, 1, 60);
        migratedStep(saga, "consumer.commands", "ValidateConsumerInfo", "SUCCEEDED");
        UUID sentByV2 = migratedStep(saga, "restaurant.commands", "ValidateOrderDetails", "SENT");

        reply(sentByV2, "OrderDetailsValidated", order);

        await().atMost(BOUND).until(() -> "VALIDATED".equals(jdbc.queryForObject(
                "select state from orders.orders where id = ?", String.class, order)));
        await().atMost(BOUND).until(() -> steps(saga, 1).size() == 1);
        assertThat(instance(saga)).containsEntry("state", "RUNNING").containsEntry("current_step", 1)
                .containsEntry("attempts", 1);
        assertThat(jdbc.queryForObject("select outcome from orders.saga_step where command_message_id = ?",
                String.class, sentByV2)).isEqualTo("SUCCEEDED");
        assertThat(steps(saga, 1).get(0)).containsEntry("command_type", "CreateTicket");
    }

    // --- what V2 left and V3 turned into a saga

    private long order(String state) {
        String consumer = "c-upgraded-" + UUID.randomUUID();
        Long id = jdbc.queryForObject("insert into orders.orders (state, consumer_id, restaurant_id, order_total) "
                + "values (?, ?, 'r-ajanta', 19.34) returning id", Long.class, state, consumer);
        jdbc.update("insert into orders.order_line_items (order_id, line, menu_item_id, name, quantity, price) "
                + "values (?, 1, 'naan', 'Naan', 2, 3.50), (?, 2, 'chicken-vindaloo', 'Chicken Vindaloo', 1, 12.34)",
                id, id);
        return id;
    }

    /** A saga_instance row as V3__sagas.sql writes it, its deadline {@code deadlineSeconds} from now. */
    private String migratedSaga(long order, int currentStep, int attempts, int deadlineSeconds) {
        String id = UUID.randomUUID().toString();
        String consumer = jdbc.queryForObject("select consumer_id from orders.orders where id = ?", String.class,
                order);
        String data = """
                {"orderId": "%d", "consumerId": "%s", "restaurantId": "r-ajanta", "orderTotal": 19.34,
                 "lineItems": [{"menuItemId": "naan", "quantity": 2, "price": 3.50},
                               {"menuItemId": "chicken-vindaloo", "quantity": 1, "price": 12.34}]}"""
                .formatted(order, consumer);
        jdbc.update("insert into orders.saga_instance (id, saga_type, order_id, state, current_step, data, deadline, "
                + "attempts) values (?::uuid, 'create-order', ?, 'RUNNING', ?, ?::jsonb, now() + ? * interval '1 second', ?)",
                id, order, currentStep, data, deadlineSeconds, attempts);
        return id;
    }

    /** A validate-order step row as V3__sagas.sql makes it from an order_commands row. */
    private UUID migratedStep(String saga, String participant, String commandType, String outcome) {
        UUID messageId = UUID.randomUUID();
        jdbc.update("insert into orders.saga_step (saga_id, step, step_name, direction, participant, command_type, "
                + "command_message_id, attempt, outcome, sent_at, replied_at) values (?::uuid, 0, 'validate-order', "
                + "'FORWARD', ?, ?, ?, 1, ?, now() - interval '2 minutes', case when ? = 'SUCCEEDED' then now() - "
                + "interval '1 minute' end)", saga, participant, commandType, messageId, outcome, outcome);
        return messageId;
    }

    // --- observing the saga

    private Map<String, Object> instance(String saga) {
        return jdbc.queryForMap("select state, current_step, attempts, deadline > now() as deadline_ahead "
                + "from orders.saga_instance where id = ?::uuid", saga);
    }

    private List<Map<String, Object>> steps(String saga, int step) {
        return jdbc.queryForList("select step_name, command_type, command_message_id::text as command_message_id, "
                + "attempt, outcome from orders.saga_step where saga_id = ?::uuid and step = ? order by id", saga,
                step);
    }

    /** The partner's reply, as it would have answered V2's command (no sagaId: V2 sent none). */
    private void reply(UUID correlationId, String type, long order) throws Exception {
        try (Connection connection = connectionFactory.createConnection()) {
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            TextMessage message = session.createTextMessage("{\"orderId\":\"" + order + "\"}");
            message.setStringProperty("messageId", UUID.randomUUID().toString());
            message.setStringProperty("messageType", type);
            message.setStringProperty("messageVersion", "1.0");
            message.setStringProperty("aggregateType", "Order");
            message.setStringProperty("aggregateId", String.valueOf(order));
            message.setStringProperty("JMSXGroupID", String.valueOf(order));
            message.setJMSCorrelationID(correlationId.toString());
            session.createProducer(session.createQueue("order.replies")).send(message);
        }
    }
}
