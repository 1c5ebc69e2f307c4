package io.integrationhub.partners.notification;

import java.math.BigDecimal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.integrationhub.routes.messaging.PoisonMessageException;
import io.integrationhub.routes.versions.Upcaster;
import io.integrationhub.routes.versions.UpcasterChain;

/**
 * OrderCreated 1.x → 2.0, the one place the notification service knows 1.x: every amount (orderTotal, each line
 * item's price) was a bare JSON number in the one currency of v1; 2.0 has {@code {"amount": "12.50", "currency":
 * "EUR"}}, the amount a decimal string with at least two places. Everything else is kept as it is.
 */
public final class OrderCreatedUpcaster implements Upcaster {

    private static final JsonNodeFactory nodes = JsonNodeFactory.withExactBigDecimals(true);

    /** What the notification service reads of OrderCreated: 2.x, and 1.x through this upcaster. */
    public static UpcasterChain chain() {
        return UpcasterChain.reading(OrderReceivedMessages.ORDER_CREATED, OrderReceivedMessages.ORDER_CREATED_MAJOR)
                .upcasting(1, new OrderCreatedUpcaster());
    }

    @Override
    public ObjectNode upcast(ObjectNode v1) {
        ObjectNode v2 = v1.deepCopy();
        if (v1.has("orderTotal")) {
            v2.set("orderTotal", money(v1.get("orderTotal"), "orderTotal"));
        }
        if (v1.get("lineItems") instanceof ArrayNode items) {
            ArrayNode upcast = v2.putArray("lineItems");
            for (JsonNode item : items) {
                ObjectNode copy = item.deepCopy();
                if (item.has("price")) {
                    copy.set("price", money(item.get("price"), "lineItems[].price"));
                }
                upcast.add(copy);
            }
        }
        return v2;
    }

    private static ObjectNode money(JsonNode amount, String field) {
        if (amount.isNull()) {
            return null;
        }
        if (!amount.isNumber()) {
            throw new PoisonMessageException("OrderCreated 1.x " + field + " is not a number");
        }
        BigDecimal value = amount.decimalValue();
        return nodes.objectNode().put("amount", value.setScale(Math.max(2, value.scale())).toPlainString())
                .put("currency", OrderReceivedMessages.V1_CURRENCY);
    }
}
