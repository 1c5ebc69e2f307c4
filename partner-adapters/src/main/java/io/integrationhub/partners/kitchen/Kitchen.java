package io.integrationhub.partners.kitchen;

import io.swagger.v3.oas.annotations.media.Schema;

/** A restaurant's kitchen as the partner API shows it: whether it takes new tickets. */
@Schema(requiredProperties = { "restaurantId", "acceptingOrders" })
public record Kitchen(String restaurantId, boolean acceptingOrders) {
}
