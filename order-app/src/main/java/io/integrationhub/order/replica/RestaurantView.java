package io.integrationhub.order.replica;

import java.math.BigDecimal;
import java.util.List;

import io.swagger.v3.oas.annotations.media.Schema;

/** {@code GET /api/v1/restaurants/{id}}: a restaurant and its menu as order-app's replica knows them. */
@Schema(name = "Restaurant", requiredProperties = { "restaurantId", "name", "menuItems" })
public record RestaurantView(String restaurantId, String name, List<MenuItem> menuItems) {

    @Schema(name = "MenuItem", requiredProperties = { "id", "name", "price" })
    public record MenuItem(String id, String name, BigDecimal price) {
    }
}
