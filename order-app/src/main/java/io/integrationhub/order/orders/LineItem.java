package io.integrationhub.order.orders;

import java.math.BigDecimal;

/** One line of an order, priced from the restaurant replica when the order was placed. */
public record LineItem(String menuItemId, String name, int quantity, BigDecimal price) {

    public BigDecimal total() {
        return price.multiply(BigDecimal.valueOf(quantity));
    }
}
