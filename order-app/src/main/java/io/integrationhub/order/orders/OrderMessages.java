package io.integrationhub.order.orders;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.List;

/**
 * Payloads order-app publishes (version 1.0), one record per message type. The envelope (messageId, messageType,
 * aggregate, group, reply-to, traceparent) is written by the outbox, not carried in the payload.
 */
public final class OrderMessages {

    private OrderMessages() {
    }

    public static final String AGGREGATE_TYPE = "Order";

    public record LineItem(String menuItemId, int quantity, BigDecimal price) {
    }

    /** Event on order.events. */
    public record OrderCreated(String orderId, String consumerId, String restaurantId, List<LineItem> lineItems,
            BigDecimal orderTotal, String deliveryAddress, OffsetDateTime deliveryTime) {
    }

    /** Command on consumer.commands; reply ConsumerValidated / ConsumerValidationFailed to order.replies. */
    public record ValidateConsumerInfo(String orderId, String consumerId, BigDecimal orderTotal) {
    }

    /** Command on restaurant.commands; reply OrderDetailsValidated / OrderDetailsValidationFailed. */
    public record ValidateOrderDetails(String orderId, String restaurantId, List<LineItem> lineItems,
            BigDecimal orderTotal) {
    }
}
