package io.integrationhub.order.api.v2;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
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
 * The v2 order representation: v1's fields, every amount a {@link Money}; HAL {@code _links} offer only the
 * transitions the order allows in its state (computed from {@link Order#allowedActions()}), at v2 URLs.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@Schema(description = "An order (HAL resource)", requiredProperties = { "orderId", "state", "consumerId",
        "restaurantId", "lineItems", "orderTotal", "_links" })
public record OrderResource(String orderId, OrderState state, String consumerId, String restaurantId,
        List<LineItem> lineItems, Money orderTotal, String deliveryAddress,
        @Schema(description = "When to deliver, in UTC") OffsetDateTime deliveryTime,
        @Schema(description = "Why the order was REJECTED") String rejectionReason,
        @Schema(description = "Why the last cancel or revise was refused (the order is APPROVED again)")
        String refusedChange,
        @Schema(description = "The delivery chosen for the order; absent while the delivery-quote aggregation runs")
        DeliveryView delivery,
        @Schema(implementation = Links.class) @JsonProperty("_links") Map<String, Link> links) {

    @Schema(requiredProperties = { "menuItemId", "name", "quantity", "price" })
    public record LineItem(String menuItemId, String name, int quantity,
            @Schema(description = "The price of one") Money price) {
    }

    @Schema(requiredProperties = "href")
    public record Link(String href) {
    }

    /**
     * What the delivery-quote aggregation decided: QUOTED with the cheapest courier's price (charged separately from
     * {@code orderTotal}) and ETA, or NO_QUOTE; {@code quotes} "n of m" couriers quoted; {@code completedBy} all or
     * timeout.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @Schema(requiredProperties = { "state", "quotes", "completedBy" })
    public record DeliveryView(Delivery.State state, String courierId,
            @Schema(description = "The delivery charge (QUOTED only)") Money price, Integer etaMinutes, String quotes,
            String completedBy) {

        static DeliveryView of(Delivery delivery, String currency) {
            return delivery == null ? null : new DeliveryView(delivery.state(), delivery.courierId(),
                    Money.of(delivery.price(), currency), delivery.etaMinutes(),
                    delivery.quotes() + " of " + delivery.couriers(), delivery.completedBy());
        }
    }

    /** How the document shows {@code _links}: the map {@link #of} fills, one entry per allowed action. */
    @Schema(name = "OrderLinks", description = "HAL links: self, and cancel / revise when the order's state allows "
            + "them", requiredProperties = "self")
    record Links(Link self, Link cancel, Link revise) {
    }

    /** @param links rel → href, computed from what the order allows ({@code OrderRequests#links}) */
    static OrderResource of(Order order, Map<String, String> links, String currency) {
        Map<String, Link> hal = new LinkedHashMap<>();
        links.forEach((rel, href) -> hal.put(rel, new Link(href)));
        return new OrderResource(order.orderId(), order.state(), order.consumerId(), order.restaurantId(),
                order.lineItems().stream().map(i -> new LineItem(i.menuItemId(), i.name(), i.quantity(),
                        Money.of(i.price(), currency))).toList(),
                Money.of(order.orderTotal(), currency), order.deliveryAddress(),
                order.deliveryTime() == null ? null : order.deliveryTime().withOffsetSameInstant(ZoneOffset.UTC),
                order.rejectionReason(), order.refusedChange(), DeliveryView.of(order.delivery(), currency), hal);
    }
}
