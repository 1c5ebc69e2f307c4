package io.integrationhub.order.orders;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The v1 order representation (DESIGN.md §6), HAL style: {@code _links} offers only the transitions allowed in the
 * order's state (cancel and revise only once it is APPROVED; the *_PENDING states are locks).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record OrderView(String orderId, OrderState state, String consumerId, String restaurantId,
        List<LineItem> lineItems, BigDecimal orderTotal, String deliveryAddress, OffsetDateTime deliveryTime,
        String rejectionReason, Object delivery, @JsonProperty("_links") Map<String, Link> links) {

    public record LineItem(String menuItemId, String name, int quantity, BigDecimal price) {
    }

    public record Link(String href) {
    }

    static Map<String, Link> linksFor(String orderId, OrderState state) {
        String self = "/api/v1/orders/" + orderId;
        Map<String, Link> links = new LinkedHashMap<>();
        links.put("self", new Link(self));
        if (state == OrderState.APPROVED) {
            links.put("cancel", new Link(self + "/cancel"));
            links.put("revise", new Link(self + "/revise"));
        }
        return links;
    }
}
