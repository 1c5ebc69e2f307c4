package io.integrationhub.partners.restaurant;

import io.swagger.v3.oas.annotations.media.Schema;

/** What {@code POST /partners/api/v1/restaurants} answers (201, with its Location). */
@Schema(requiredProperties = "restaurantId")
public record CreatedRestaurant(String restaurantId) {
}
