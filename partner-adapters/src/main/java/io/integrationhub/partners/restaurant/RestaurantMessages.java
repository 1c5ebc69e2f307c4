package io.integrationhub.partners.restaurant;

import java.math.BigDecimal;
import java.util.List;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Digits;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/**
 * The restaurant adapter's messages (payload version 1.0), as the AsyncAPI document declares them: the wire name of
 * each as a constant — never derived from a class name — and its payload as a record.
 */
public final class RestaurantMessages {

    /** Command on restaurant.commands and its replies. */
    public static final String VALIDATE_ORDER_DETAILS = "ValidateOrderDetails";
    public static final String ORDER_DETAILS_VALIDATED = "OrderDetailsValidated";
    public static final String ORDER_DETAILS_VALIDATION_FAILED = "OrderDetailsValidationFailed";

    /** Replication events on restaurant.events. */
    public static final String RESTAURANT_CREATED = "RestaurantCreated";
    public static final String MENU_REVISED = "MenuRevised";

    private RestaurantMessages() {
    }

    /**
     * A menu item as the events carry it — and as the partner API takes it, which is why it bears the limits of
     * restaurant.menu_items (V1__restaurants.sql), checked by the API's request reader.
     */
    public record MenuItem(
            @NotBlank @Size(max = 64) String id,
            @NotBlank @Size(max = 200) String name,
            @NotNull @DecimalMin("0") @DecimalMax("99999999.99")
            @Digits(integer = 8, fraction = 2, message = "must have at most 2 decimals")
            BigDecimal price) {
    }

    /** menuVersion lets a replica ignore stale or repeated events. */
    public record RestaurantCreated(String restaurantId, String name, int menuVersion, List<MenuItem> menuItems) {
    }

    public record MenuRevised(String restaurantId, int menuVersion, List<MenuItem> menuItems) {
    }

    public record LineItem(String menuItemId, int quantity, BigDecimal price) {
    }

    public record ValidateOrderDetails(String orderId, String restaurantId, List<LineItem> lineItems,
            BigDecimal orderTotal) {
    }

    public record OrderDetailsValidated(String orderId, String restaurantId) {
    }

    public record OrderDetailsValidationFailed(String orderId, String restaurantId, String reason) {
    }
}
