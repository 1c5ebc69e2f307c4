package io.integrationhub.order.validation;

import java.util.List;
import java.util.Map;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.integrationhub.order.orders.OrderMessages;
import io.integrationhub.order.orders.OrderState;
import io.integrationhub.routes.messaging.Channels;
import io.integrationhub.routes.messaging.Envelope;
import io.integrationhub.routes.messaging.PoisonMessageException;
import io.integrationhub.routes.outbox.OutboxMessage;
import io.integrationhub.routes.outbox.OutboxWriter;

/**
 * Applies a validation reply to its order in one transaction: lock the order row, change state, write the event
 * (and, when the order is rejected, the NotifyConsumer command) to the outbox. Replies may arrive in any order and
 * more than once; a reply that no longer changes anything (late, repeated) is acknowledged and ignored.
 */
@Service
public class OrderValidation {

    /** Which reply answers which command, and whether it is a success. */
    private static final Map<String, String> ANSWERS = Map.of(
            "ConsumerValidated", "ValidateConsumerInfo", "ConsumerValidationFailed", "ValidateConsumerInfo",
            "OrderDetailsValidated", "ValidateOrderDetails", "OrderDetailsValidationFailed", "ValidateOrderDetails");

    public record NotifyConsumer(String consumerId, String orderId, String text) {
    }

    public record OrderValidated(String orderId) {
    }

    public record OrderRejected(String orderId, String reason) {
    }

    private final JdbcTemplate jdbc;
    private final OutboxWriter outbox;
    private final Channels channels;
    private final ObjectMapper json;

    public OrderValidation(JdbcTemplate jdbc, @Qualifier("ordersOutbox") OutboxWriter outbox, Channels channels,
            ObjectMapper json) {
        this.jdbc = jdbc;
        this.outbox = outbox;
        this.channels = channels;
        this.json = json;
    }

    /** @return the order's state after the reply */
    @Transactional
    public OrderState apply(Envelope reply, String body) throws Exception {
        String answers = ANSWERS.get(reply.messageType());
        if (answers == null) {
            throw new PoisonMessageException("order.replies does not accept messageType '" + reply.messageType() + "'");
        }
        List<Map<String, Object>> commands = jdbc.queryForList("select order_id, command_type from orders.order_commands "
                + "where message_id = ?::uuid", reply.correlationId());
        if (commands.isEmpty() || !answers.equals(commands.get(0).get("command_type"))) {
            throw new PoisonMessageException(reply.messageType() + " with JMSCorrelationID " + reply.correlationId()
                    + " answers no " + answers + " this service sent");
        }
        long orderId = ((Number) commands.get(0).get("order_id")).longValue();
        Map<String, Object> order = jdbc.queryForMap("select state, consumer_id from orders.orders where id = ? for update",
                orderId);
        OrderState state = OrderState.valueOf((String) order.get("state"));
        jdbc.update("update orders.order_commands set answered_at = coalesce(answered_at, now()) where message_id = ?::uuid",
                reply.correlationId());

        boolean success = !reply.messageType().endsWith("Failed");
        OrderState next = next(state, reply.messageType(), success);
        if (next == state) {
            return state;
        }
        String reason = success ? null : json.readTree(body).path("reason").asText("validation failed");
        jdbc.update("update orders.orders set state = ?, rejection_reason = ?, version = version + 1, updated_at = now() "
                + "where id = ?", next.name(), reason, orderId);
        publish(String.valueOf(orderId), (String) order.get("consumer_id"), next, reason, reply.traceParent());
        return next;
    }

    /** The validation part of the order state machine. */
    static OrderState next(OrderState state, String replyType, boolean success) {
        boolean pending = state == OrderState.APPROVAL_PENDING || state == OrderState.CONSUMER_VALIDATED
                || state == OrderState.ORDER_DETAILS_VALIDATED;
        if (!pending) {
            return state; // already decided: a late or repeated reply changes nothing
        }
        if (!success) {
            return OrderState.REJECTED;
        }
        boolean consumer = replyType.equals("ConsumerValidated");
        return switch (state) {
            case APPROVAL_PENDING -> consumer ? OrderState.CONSUMER_VALIDATED : OrderState.ORDER_DETAILS_VALIDATED;
            case CONSUMER_VALIDATED -> consumer ? state : OrderState.VALIDATED;
            case ORDER_DETAILS_VALIDATED -> consumer ? OrderState.VALIDATED : state;
            default -> state;
        };
    }

    private void publish(String orderId, String consumerId, OrderState state, String reason, String traceParent)
            throws Exception {
        String aggregate = OrderMessages.AGGREGATE_TYPE;
        if (state == OrderState.VALIDATED) {
            outbox.append(OutboxMessage.event(channels.getOrderEvents(), "OrderValidated", aggregate, orderId,
                    traceParent, json.writeValueAsString(new OrderValidated(orderId))));
        } else if (state == OrderState.REJECTED) {
            outbox.append(OutboxMessage.event(channels.getOrderEvents(), "OrderRejected", aggregate, orderId,
                    traceParent, json.writeValueAsString(new OrderRejected(orderId, reason))));
            outbox.append(OutboxMessage.command(channels.getNotificationCommands(), "NotifyConsumer", aggregate,
                    orderId, null, traceParent, json.writeValueAsString(new NotifyConsumer(consumerId, orderId,
                            "Your order " + orderId + " was rejected: " + reason))));
        }
        // CONSUMER_VALIDATED / ORDER_DETAILS_VALIDATED are internal steps: order.events carries only the contract's
        // events (asyncapi: OrderCreated, OrderValidated, OrderApproved, OrderRejected, OrderCancelled, OrderRevised)
    }
}
