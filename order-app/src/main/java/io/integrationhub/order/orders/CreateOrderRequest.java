package io.integrationhub.order.orders;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

import io.integrationhub.routes.rest.ProblemException;

/** Body of {@code POST /api/v1/orders}. Tolerant reader: unknown fields are ignored. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record CreateOrderRequest(String consumerId, String restaurantId, List<LineItem> lineItems,
        String deliveryAddress, OffsetDateTime deliveryTime) {

    static final int MAX_LINE_ITEMS = 50;
    static final int MAX_QUANTITY = 100;

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record LineItem(String menuItemId, Integer quantity) {
    }

    /** Checks what needs no data: presence, sizes, positive quantities. All problems at once, not the first. */
    void validate() {
        List<String> problems = new ArrayList<>();
        if (blank(consumerId)) {
            problems.add("'consumerId' is required");
        }
        if (blank(restaurantId)) {
            problems.add("'restaurantId' is required");
        }
        if (lineItems == null || lineItems.isEmpty()) {
            problems.add("'lineItems' must contain at least one item");
        } else if (lineItems.size() > MAX_LINE_ITEMS) {
            problems.add("'lineItems' may contain at most " + MAX_LINE_ITEMS + " items");
        } else {
            for (int i = 0; i < lineItems.size(); i++) {
                LineItem item = lineItems.get(i);
                if (item == null || blank(item.menuItemId())) {
                    problems.add("'lineItems[" + i + "].menuItemId' is required");
                }
                if (item != null && (item.quantity() == null || item.quantity() < 1)) {
                    problems.add("'lineItems[" + i + "].quantity' must be a positive whole number");
                } else if (item != null && item.quantity() > MAX_QUANTITY) {
                    problems.add("'lineItems[" + i + "].quantity' may be at most " + MAX_QUANTITY);
                }
            }
        }
        if (deliveryAddress != null && deliveryAddress.length() > 500) {
            problems.add("'deliveryAddress' may have at most 500 characters");
        }
        if (!problems.isEmpty()) {
            throw ProblemException.badRequest(String.join("; ", problems) + ".");
        }
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank() || s.length() > 64;
    }
}
