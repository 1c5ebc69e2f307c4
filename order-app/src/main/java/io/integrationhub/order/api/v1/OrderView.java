package io.integrationhub.order.api.v1;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import io.integrationhub.order.orders.Delivery;
import io.integrationhub.order.orders.Order;
import io.integrationhub.order.orders.OrderState;
import io.swagger.v3.oas.annotations.media.Schema;

/**
 * The v1 order representation (DESIGN.md §6), HAL style: {@code _links} offers only the transitions allowed in the
 * order's state (computed from what {@link Order#allowedActions()} allows in its state).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@Schema(requiredProperties = { "orderId", "state", "consumerId", "restaurantId", "lineItems", "orderTotal", "_links" })
public record OrderView(String orderId, OrderState state, String consumerId, String restaurantId,
        List<LineItem> lineItems, BigDecimal orderTotal, String deliveryAddress, OffsetDateTime deliveryTime,
        @Schema(description = "Why the order was REJECTED") String rejectionReason,
        @Schema(description = "Why the last cancel or revise was refused (the order is APPROVED again)")
        String refusedChange,
        @Schema(nullable = true, description = "The delivery chosen for the order; absent while the delivery-quote "
                + "aggregation runs") DeliveryView delivery,
        @Schema(description = "With ?expand=consumer only") ConsumerProfile consumer,
        @Schema(implementation = Links.class) @JsonProperty("_links") Map<String, Link> links) {

    @Schema(requiredProperties = { "menuItemId", "name", "quantity", "price" })
    public record LineItem(String menuItemId, String name, int quantity, BigDecimal price) {
    }

    @Schema(requiredProperties = "href")
    public record Link(String href) {
    }

    /**
     * What the delivery-quote aggregation decided (absent while it runs): {@code state} QUOTED with the cheapest
     * courier's price and ETA, or NO_QUOTE ("no delivery quote": no courier quoted); {@code quotes} "n of m" couriers
     * quoted; {@code completedBy} all (every courier answered) or timeout. Delivery is charged separately from
     * {@code orderTotal}.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @Schema(requiredProperties = { "state", "quotes", "completedBy" })
    public record DeliveryView(Delivery.State state, String courierId, BigDecimal price, Integer etaMinutes,
            String quotes, String completedBy) {

        static DeliveryView of(Delivery delivery) {
            return delivery == null ? null : new DeliveryView(delivery.state(), delivery.courierId(), delivery.price(),
                    delivery.etaMinutes(), delivery.quotes() + " of " + delivery.couriers(), delivery.completedBy());
        }
    }

    /** How the document shows {@code _links}: the map {@link #of} fills, one entry per allowed action. */
    @Schema(name = "OrderLinks", description = "HAL links: self, and cancel / revise when the order's state allows "
            + "them", requiredProperties = "self")
    record Links(Link self, Link cancel, Link revise) {
    }

    /** The consumer's profile from the legacy consumer-profile API, or what its circuit breaker's fallback had. */
    @Schema(requiredProperties = { "source", "profile" })
    public record ConsumerProfile(
            @Schema(allowableValues = { "live", "cache", "none" }, description = "live: asked now; cache: the last "
                    + "profile seen, marked stale; none: the legacy system did not answer and nothing was cached")
            String source,
            @Schema(type = "object", nullable = true, description = "The legacy system's profile as it answered it "
                    + "(with \"stale\": true from the cache), passed on as it came; null for an unknown consumer or "
                    + "when none was cached")
            @JsonInclude(JsonInclude.Include.ALWAYS) Object profile) {
    }

    OrderView withConsumer(ConsumerProfile profile) {
        return new OrderView(orderId, state, consumerId, restaurantId, lineItems, orderTotal, deliveryAddress,
                deliveryTime, rejectionReason, refusedChange, delivery, profile, links);
    }

    /** @param links rel → href, computed from what the order allows ({@code OrderRequests#links}) */
    static OrderView of(Order order, Map<String, String> links) {
        Map<String, Link> hal = new LinkedHashMap<>();
        links.forEach((rel, href) -> hal.put(rel, new Link(href)));
        return new OrderView(order.orderId(), order.state(), order.consumerId(), order.restaurantId(),
                order.lineItems().stream().map(i -> new LineItem(i.menuItemId(), i.name(), i.quantity(), i.price()))
                        .toList(),
                order.orderTotal(), order.deliveryAddress(), order.deliveryTime(), order.rejectionReason(),
                order.refusedChange(), DeliveryView.of(order.delivery()), null, hal);
    }
}
