package io.integrationhub.order.saga;

import java.util.function.Consumer;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.stereotype.Component;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.integrationhub.order.orders.Order;
import io.integrationhub.order.orders.OrderMessages;
import io.integrationhub.order.orders.OrderRepository;
import io.integrationhub.order.orders.OrderState;
import io.integrationhub.order.quotes.DeliveryQuoteRequests;
import io.integrationhub.routes.messaging.Channels;
import io.integrationhub.routes.outbox.OutboxMessage;
import io.integrationhub.routes.outbox.OutboxWriter;

/** What the order sagas' handlers and endings do to the order service's own data, in the reply's transaction. */
@Component
class OrderSagaSteps {

    private final OrderRepository orders;
    private final DeliveryQuoteRequests quoteRequests;
    private final OutboxWriter outbox;
    private final Channels channels;
    private final ObjectMapper json;

    OrderSagaSteps(OrderRepository orders, @Qualifier("ordersOutbox") OutboxWriter outbox, Channels channels,
            ObjectMapper json, DeliveryQuoteRequests quoteRequests) {
        this.orders = orders;
        this.quoteRequests = quoteRequests;
        this.outbox = outbox;
        this.channels = channels;
        this.json = json;
    }

    /** Locks the order, lets the aggregate decide the change, saves it with its events. */
    void change(String orderId, SagaContext saga, Consumer<Order> change) {
        Order order = orders.lock(Long.parseLong(orderId));
        change.accept(order);
        orders.save(order, saga.traceParent());
    }

    /**
     * A validation reply: like {@link #change}; the reply that makes the order VALIDATED also publishes its
     * DeliveryQuoteRequested (publish / async responses), in the same transaction. The quotes run beside the saga:
     * delivery is charged separately, so the card authorization does not wait for them.
     */
    void validate(String orderId, SagaContext saga, Consumer<Order> change) {
        Order order = orders.lock(Long.parseLong(orderId));
        boolean wasValidated = order.state() == OrderState.VALIDATED;
        change.accept(order);
        if (!wasValidated && order.state() == OrderState.VALIDATED && order.deliveryQuoteRequest() == null) {
            order.deliveryQuoteRequested(quoteRequests.request(order, saga.traceParent()).toString());
        }
        orders.save(order, saga.traceParent());
    }

    /** One-way: NotifyConsumer has no reply. */
    void notifyConsumer(String consumerId, String orderId, SagaContext saga, String text) {
        try {
            outbox.append(OutboxMessage.command(channels.getNotificationCommands(), OrderMessages.NOTIFY_CONSUMER,
                    OrderMessages.AGGREGATE_TYPE, orderId, null, saga.traceParent(), json.writeValueAsString(
                            new OrderMessages.NotifyConsumer(consumerId, orderId, text))));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialize NotifyConsumer", e);
        }
    }
}
