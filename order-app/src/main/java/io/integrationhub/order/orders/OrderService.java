package io.integrationhub.order.orders;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
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

    /**
     * Locks the order in CANCEL_PENDING and starts the cancel-order saga; concurrent requests for one order queue on
     * its row lock, so exactly one of them finds it APPROVED.
     *
     * @throws OrderActionRefused when the state does not allow a cancel now
     */
    @Transactional
    public Order cancel(String orderId, String traceParent) {
        Order order = lock(orderId);
        order.requestCancel();
        orders.save(order, traceParent);
        processing.cancel(order, traceParent);
        return orders.find(order.id()).orElseThrow();
    }

    /**
     * Locks the order in REVISION_PENDING and starts the revise-order saga with the new quantities.
     *
     * @param version the order version the client based its request on ({@code If-Match}), or null
     * @throws OrderActionRefused when the state does not allow it, the version is stale or an item is not on the order
     */
    @Transactional
    public Order revise(String orderId, Map<String, Integer> quantities, Integer version, String traceParent) {
        Order order = lock(orderId);
        BigDecimal newTotal = order.requestRevision(quantities, version);
        if (newTotal.compareTo(Order.MAX_TOTAL) > 0) {
            throw ProblemException.unprocessable("The revised total " + newTotal + " is over the limit of "
                    + Order.MAX_TOTAL + " per order.");
        }
        orders.save(order, traceParent);
        processing.revise(order, quantities, newTotal, traceParent);
        return orders.find(order.id()).orElseThrow();
    }

    private Order lock(String orderId) {
        long id = parseId(orderId).filter(orders::exists)
                .orElseThrow(() -> ProblemException.notFound("Order '" + orderId + "' does not exist."));
        return orders.lock(id);
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

    /** One page of a consumer's orders, newest first, and how many the consumer has in all. */
    public record Page(List<Order> orders, int page, int size, long total) {

        public boolean hasNext() {
            return (long) (page + 1) * size < total;
        }
    }

    /** Page {@code page} (from 0) of {@code size} orders; both in one read-only transaction. */
    @Transactional(readOnly = true)
    public Page findByConsumer(String consumerId, int page, int size) {
        return new Page(orders.findByConsumer(consumerId, size, (long) page * size), page, size,
                orders.countByConsumer(consumerId));
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
