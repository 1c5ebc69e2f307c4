package io.integrationhub.partners.kitchen;

import jakarta.validation.constraints.NotNull;

/** Body of PUT /partners/api/v1/kitchens/{restaurantId}. */
public record KitchenSetting(@NotNull Boolean acceptingOrders) {
}
