package io.integrationhub.order.quotes;

import java.time.OffsetDateTime;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.integrationhub.order.orders.Delivery;
import io.integrationhub.order.orders.Order;
import io.integrationhub.order.orders.OrderMessages;
import io.integrationhub.order.orders.OrderRepository;
import io.integrationhub.routes.messaging.Channels;
import io.integrationhub.routes.outbox.OutboxMessage;
import io.integrationhub.routes.outbox.OutboxWriter;

/**
 * Records what a completed quote group decided on its order, in one transaction: the cheapest valid quote (ties: the
 * sooner ETA) or "no delivery quote", the OrderDeliveryQuoted event, and — without a quote — a NotifyConsumer. When the
 * group completed on a reply, that transaction is the reply's (with its processed-message key and the group's removal
 * from the repository); on a timeout or a recovery it is its own. Idempotent on the order: a completion delivered again
 * (recovery after a crash before the repository's confirm) changes nothing and is counted as late.
 */
@Service
public class DeliveryQuoteDecisions {

    private static final Logger log = LoggerFactory.getLogger(DeliveryQuoteDecisions.class);

    private final OrderRepository orders;
    private final OutboxWriter outbox;
    private final Channels channels;
    private final ObjectMapper json;
    private final DeliveryQuoteMetrics metrics;
    private final List<String> couriers;

    DeliveryQuoteDecisions(OrderRepository orders, @Qualifier("ordersOutbox") OutboxWriter outbox, Channels channels,
            ObjectMapper json, DeliveryQuoteMetrics metrics, DeliveryQuoteSettings settings) {
        this.orders = orders;
        this.outbox = outbox;
        this.channels = channels;
        this.json = json;
        this.metrics = metrics;
        this.couriers = settings.getCouriers();
    }

    @Transactional
    public void record(Exchange group, DeliveryQuoteGroups groups) {
        String requestId = group.getMessage().getHeader(DeliveryQuoteGroups.REQUEST_ID, String.class);
        Optional<Order> found = orders.findByDeliveryQuoteRequest(requestId);
        if (found.isEmpty()) {
            metrics.ignored(DeliveryQuoteMetrics.UNKNOWN_REQUEST);
            return;
        }
        Order order = orders.lock(found.get().id());
        List<CourierAnswer> answers = DeliveryQuoteGroups.answers(group).values().stream().map(groups::read).toList();
        String completedBy = answers.size() >= couriers.size() ? Delivery.COMPLETED_BY_ALL
                : Delivery.COMPLETED_BY_TIMEOUT;
        OffsetDateTime now = OffsetDateTime.now();
        int quotes = (int) answers.stream().filter(CourierAnswer::isQuote).count();
        Delivery delivery = answers.stream().filter(answer -> answer.validAt(now))
                .min(Comparator.comparing(CourierAnswer::price).thenComparing(CourierAnswer::etaMinutes))
                .map(best -> Delivery.quoted(best.courierId(), best.price(), best.etaMinutes(), quotes,
                        couriers.size(), completedBy))
                .orElseGet(() -> Delivery.noQuote(couriers.size(), completedBy));
        String traceParent = group.getMessage().getHeader(DeliveryQuoteGroups.TRACE_PARENT, String.class);
        if (!order.deliveryDecided(delivery)) {
            metrics.ignored(DeliveryQuoteMetrics.LATE);
            return;
        }
        orders.save(order, traceParent);
        if (delivery.state() == Delivery.State.NO_QUOTE) {
            notifyConsumer(order, traceParent, "No courier can deliver your order " + order.orderId()
                    + " (" + answers.size() + " of " + couriers.size() + " answered, none with a quote); "
                    + "please collect it from the restaurant.");
        }
        metrics.completed(completedBy, delivery.state().name());
        log.info("Delivery quotes for order {} (request {}): {} by {}, {} of {} quoted{}", order.orderId(), requestId,
                delivery.state(), completedBy, quotes, couriers.size(), delivery.courierId() == null ? ""
                        : ", " + delivery.courierId() + " " + delivery.price() + " in " + delivery.etaMinutes()
                                + " min");
    }

    private void notifyConsumer(Order order, String traceParent, String text) {
        try {
            outbox.append(OutboxMessage.command(channels.getNotificationCommands(), OrderMessages.NOTIFY_CONSUMER,
                    OrderMessages.AGGREGATE_TYPE, order.orderId(), null, traceParent, json.writeValueAsString(
                            new OrderMessages.NotifyConsumer(order.consumerId(), order.orderId(), text))));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialize NotifyConsumer", e);
        }
    }
}
