package io.integrationhub.order.quotes;

import java.util.UUID;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.integrationhub.order.orders.Order;
import io.integrationhub.order.orders.OrderMessages;
import io.integrationhub.routes.messaging.Channels;
import io.integrationhub.routes.outbox.OutboxMessage;
import io.integrationhub.routes.outbox.OutboxWriter;

/**
 * Publishes an order's DeliveryQuoteRequested on the topic delivery.quote.requests through the orders outbox, in the
 * caller's transaction, with JMSReplyTo = order.delivery-quotes: every courier subscribed answers there.
 */
@Component
public class DeliveryQuoteRequests {

    private final OutboxWriter outbox;
    private final Channels channels;
    private final ObjectMapper json;

    DeliveryQuoteRequests(@Qualifier("ordersOutbox") OutboxWriter outbox, Channels channels, ObjectMapper json) {
        this.outbox = outbox;
        this.channels = channels;
        this.json = json;
    }

    /** @return the request's messageId: the couriers' answers carry it as JMSCorrelationID */
    @Transactional(propagation = Propagation.MANDATORY)
    public UUID request(Order order, String traceParent) {
        try {
            String payload = json.writeValueAsString(new OrderMessages.DeliveryQuoteRequested(order.orderId(),
                    order.restaurantId(), order.deliveryAddress(), order.deliveryTime(), order.orderTotal()));
            return outbox.append(new OutboxMessage("topic:" + channels.getDeliveryQuoteRequests(),
                    OrderMessages.DELIVERY_QUOTE_REQUESTED, OrderMessages.VERSION, OrderMessages.AGGREGATE_TYPE,
                    // "queue:" said: a reply-to without it, on a message to a topic, would become a topic too (how
                    // Camel's JMS producer, and the relay, resolve a reply-to name)
                    order.orderId(), "queue:" + channels.getOrderDeliveryQuotes(), null, null, traceParent, payload));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialize DeliveryQuoteRequested", e);
        }
    }
}
