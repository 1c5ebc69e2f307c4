package io.integrationhub.partners.kitchen;

/** A restaurant's kitchen as the partner API shows it: whether it takes new tickets. */
public record Kitchen(String restaurantId, boolean acceptingOrders) {
}
