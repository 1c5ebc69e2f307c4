package io.integrationhub.order.orders;

import java.time.OffsetDateTime;
import java.util.List;

/**
 * What a client asks for when placing an order, whatever API version it used. Its JSON form is the same as the v1
 * request's, so the Idempotency-Key hash of a request is the same across versions of this code.
 */
public record NewOrder(String consumerId, String restaurantId, List<Item> lineItems, String deliveryAddress,
        OffsetDateTime deliveryTime) {

    public record Item(String menuItemId, Integer quantity) {
    }
}
