package io.integrationhub.order.orders;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.integrationhub.order.replica.RestaurantReplica;
import io.integrationhub.routes.messaging.Channels;
import io.integrationhub.routes.outbox.OutboxMessage;
import io.integrationhub.routes.outbox.OutboxWriter;
import io.integrationhub.routes.rest.ProblemException;

/**
 * Order intake, reply first: validates with local data only, then in ONE transaction writes the order in
 * APPROVAL_PENDING and its outbox rows (OrderCreated, ValidateConsumerInfo, ValidateOrderDetails). It never waits for
 * a partner; the outbox relay takes the messages to the broker after commit.
 */
@Service
public class OrderService {

    /** The accepted order, and whether it was already accepted earlier under the same Idempotency-Key. */
    public record Accepted(OrderView order, boolean replayed) {
    }

    /** orders.order_total is numeric(12,2); a menu of expensive items times 100 × 50 lines could exceed it. */
    static final BigDecimal MAX_TOTAL = new BigDecimal("9999999999.99");

    private final OrderRepository orders;
    private final RestaurantReplica restaurants;
    private final OutboxWriter outbox;
    private final Channels channels;
    private final ObjectMapper json;
    private final JdbcTemplate jdbc;

    OrderService(OrderRepository orders, RestaurantReplica restaurants, @Qualifier("ordersOutbox") OutboxWriter outbox,
            Channels channels,
            ObjectMapper json, JdbcTemplate jdbc) {
        this.orders = orders;
        this.restaurants = restaurants;
        this.outbox = outbox;
        this.channels = channels;
        this.json = json;
        this.jdbc = jdbc;
    }

    @Transactional
    public Accepted create(CreateOrderRequest request, String idempotencyKey, String traceParent) {
        if (idempotencyKey != null) {
            var earlier = claimIdempotencyKey(idempotencyKey, request);
            if (earlier != null) {
                return new Accepted(earlier, true);
            }
        }
        var restaurant = restaurants.find(request.restaurantId()).orElseThrow(() -> ProblemException.unprocessable(
                "Restaurant '" + request.restaurantId() + "' is not known."));
        List<OrderView.LineItem> lineItems = new ArrayList<>();
        List<String> unknown = new ArrayList<>();
        BigDecimal total = BigDecimal.ZERO;
        for (CreateOrderRequest.LineItem item : request.lineItems()) {
            var menuItem = restaurant.menu().get(item.menuItemId());
            if (menuItem == null) {
                unknown.add(item.menuItemId());
                continue;
            }
            lineItems.add(new OrderView.LineItem(menuItem.id(), menuItem.name(), item.quantity(), menuItem.price()));
            total = total.add(menuItem.price().multiply(BigDecimal.valueOf(item.quantity())));
        }
        if (!unknown.isEmpty()) {
            throw ProblemException.unprocessable("Restaurant '" + restaurant.id() + "' has no menu item(s) "
                    + String.join(", ", unknown) + ".");
        }
        if (total.compareTo(MAX_TOTAL) > 0) {
            throw ProblemException.unprocessable("The order total " + total + " is over the limit of " + MAX_TOTAL
                    + " per order.");
        }

        long id = orders.insert(request.consumerId(), restaurant.id(), total, request.deliveryAddress(),
                request.deliveryTime(), lineItems);
        String orderId = String.valueOf(id);
        if (idempotencyKey != null) {
            jdbc.update("update orders.idempotency_keys set order_id = ? where key = ?", id, idempotencyKey);
        }
        appendMessages(orderId, request, lineItems, total, traceParent);
        return new Accepted(orders.find(id).orElseThrow(), false);
    }

    @Transactional(readOnly = true)
    public OrderView get(String orderId) {
        return parseId(orderId).flatMap(orders::find)
                .orElseThrow(() -> ProblemException.notFound("Order '" + orderId + "' does not exist."));
    }

    @Transactional(readOnly = true)
    public List<OrderView> findByConsumer(String consumerId) {
        if (consumerId == null || consumerId.isBlank() || consumerId.length() > CreateOrderRequest.MAX_ID) {
            throw ProblemException.badRequest("Query parameter 'consumerId' is required (1 to "
                    + CreateOrderRequest.MAX_ID + " characters).");
        }
        return orders.findByConsumer(consumerId, 100);
    }

    private void appendMessages(String orderId, CreateOrderRequest request, List<OrderView.LineItem> lineItems,
            BigDecimal total, String traceParent) {
        List<OrderMessages.LineItem> items = lineItems.stream()
                .map(i -> new OrderMessages.LineItem(i.menuItemId(), i.quantity(), i.price())).toList();
        String aggregate = OrderMessages.AGGREGATE_TYPE;
        outbox.append(OutboxMessage.event(channels.getOrderEvents(), "OrderCreated", aggregate, orderId, traceParent,
                write(new OrderMessages.OrderCreated(orderId, request.consumerId(), request.restaurantId(), items, total,
                        request.deliveryAddress(), request.deliveryTime()))));
        rememberCommand(orderId, outbox.append(OutboxMessage.command(channels.getConsumerCommands(),
                "ValidateConsumerInfo", aggregate, orderId, channels.getOrderReplies(), traceParent,
                write(new OrderMessages.ValidateConsumerInfo(orderId, request.consumerId(), total)))),
                "ValidateConsumerInfo");
        rememberCommand(orderId, outbox.append(OutboxMessage.command(channels.getRestaurantCommands(),
                "ValidateOrderDetails", aggregate, orderId, channels.getOrderReplies(), traceParent,
                write(new OrderMessages.ValidateOrderDetails(orderId, request.restaurantId(), items, total)))),
                "ValidateOrderDetails");
    }

    /** Replies are matched to the command they answer by JMSCorrelationID = the command's messageId. */
    private void rememberCommand(String orderId, java.util.UUID messageId, String commandType) {
        jdbc.update("insert into orders.order_commands (message_id, order_id, command_type) values (?, ?, ?)",
                messageId, Long.parseLong(orderId), commandType);
    }

    /**
     * Records the key in this transaction. A concurrent request with the same key waits on the primary key until we
     * commit, then finds our order; a key reused for a different request is refused.
     *
     * @return the order created earlier under this key, or null if this request is the first
     */
    private OrderView claimIdempotencyKey(String key, CreateOrderRequest request) {
        if (key.isBlank() || key.length() > 200) {
            throw ProblemException.badRequest("'Idempotency-Key' must have 1 to 200 characters.");
        }
        String hash = hash(request);
        int inserted = jdbc.update("insert into orders.idempotency_keys (key, request_hash) values (?, ?) "
                + "on conflict (key) do nothing", key, hash);
        if (inserted == 1) {
            return null;
        }
        var earlier = jdbc.queryForMap("select request_hash, order_id from orders.idempotency_keys where key = ?",
                key);
        if (!hash.equals(earlier.get("request_hash"))) {
            throw ProblemException.unprocessable(
                    "Idempotency-Key '" + key + "' was already used for a different request.");
        }
        return orders.find(((Number) earlier.get("order_id")).longValue()).orElseThrow();
    }

    private String hash(CreateOrderRequest request) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(write(request).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private String write(Object payload) {
        try {
            return json.writeValueAsString(payload);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialize " + payload.getClass().getSimpleName(), e);
        }
    }

    private static java.util.Optional<Long> parseId(String orderId) {
        try {
            return java.util.Optional.of(Long.parseLong(orderId));
        } catch (NumberFormatException e) {
            return java.util.Optional.empty();
        }
    }
}
