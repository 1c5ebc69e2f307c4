package io.integrationhub.order.orders;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.integrationhub.order.replica.RestaurantReplica;
import io.integrationhub.routes.rest.ProblemException;

/**
 * Order intake, reply first, for every API version: validates with local data only (the restaurant replica), then in
 * ONE transaction writes the order in APPROVAL_PENDING, its OrderCreated event and the first commands of its saga. It
 * never waits for a partner; the outbox relay takes the messages to the broker after commit.
 */
@Service
public class OrderService {

    /** The accepted order, and whether it was already accepted earlier under the same Idempotency-Key. */
    public record Accepted(Order order, boolean replayed) {
    }

    public static final int MAX_IDEMPOTENCY_KEY = 200;

    private final OrderRepository orders;
    private final RestaurantReplica restaurants;
    private final OrderProcessing processing;
    private final ObjectMapper json;

    OrderService(OrderRepository orders, RestaurantReplica restaurants, OrderProcessing processing, ObjectMapper json) {
        this.orders = orders;
        this.restaurants = restaurants;
        this.processing = processing;
        this.json = json;
    }

    @Transactional
    public Accepted create(NewOrder request, String idempotencyKey, String traceParent) {
        if (idempotencyKey != null) {
            Optional<Order> earlier = claimIdempotencyKey(idempotencyKey, request);
            if (earlier.isPresent()) {
                return new Accepted(earlier.get(), true);
            }
        }
        var restaurant = restaurants.find(request.restaurantId()).orElseThrow(() -> ProblemException.unprocessable(
                "Restaurant '" + request.restaurantId() + "' is not known."));
        List<LineItem> lineItems = new ArrayList<>();
        List<String> unknown = new ArrayList<>();
        for (NewOrder.Item item : request.lineItems()) {
            var menuItem = restaurant.menu().get(item.menuItemId());
            if (menuItem == null) {
                unknown.add(item.menuItemId());
            } else {
                lineItems.add(new LineItem(menuItem.id(), menuItem.name(), item.quantity(), menuItem.price()));
            }
        }
        if (!unknown.isEmpty()) {
            throw ProblemException.unprocessable("Restaurant '" + restaurant.id() + "' has no menu item(s) "
                    + String.join(", ", unknown) + ".");
        }
        Order order = Order.placed(orders.nextId(), request, lineItems);
        if (order.orderTotal().compareTo(Order.MAX_TOTAL) > 0) {
            throw ProblemException.unprocessable("The order total " + order.orderTotal() + " is over the limit of "
                    + Order.MAX_TOTAL + " per order.");
        }
        orders.insert(order, traceParent);
        if (idempotencyKey != null) {
            orders.recordIdempotentOrder(idempotencyKey, order.id());
        }
        processing.begin(order, traceParent);
        return new Accepted(order, false);
    }

    @Transactional(readOnly = true)
    public Order get(String orderId) {
        return parseId(orderId).flatMap(orders::find)
                .orElseThrow(() -> ProblemException.notFound("Order '" + orderId + "' does not exist."));
    }

    @Transactional(readOnly = true)
    public List<Order> findByConsumer(String consumerId, int limit) {
        return orders.findByConsumer(consumerId, limit);
    }

    /** A key reused for a different request is refused; the same request gets the order the key created. */
    private Optional<Order> claimIdempotencyKey(String key, NewOrder request) {
        if (key.isBlank() || key.length() > MAX_IDEMPOTENCY_KEY) {
            throw ProblemException.badRequest("'Idempotency-Key' must have 1 to " + MAX_IDEMPOTENCY_KEY
                    + " characters.");
        }
        String hash = hash(request);
        return orders.claimIdempotencyKey(key, hash).map(earlier -> {
            if (!hash.equals(earlier.get("request_hash"))) {
                throw ProblemException.unprocessable(
                        "Idempotency-Key '" + key + "' was already used for a different request.");
            }
            return orders.find(((Number) earlier.get("order_id")).longValue()).orElseThrow();
        });
    }

    private String hash(NewOrder request) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(json.writeValueAsString(request).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException | JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Optional<Long> parseId(String orderId) {
        try {
            return Optional.of(Long.parseLong(orderId));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
