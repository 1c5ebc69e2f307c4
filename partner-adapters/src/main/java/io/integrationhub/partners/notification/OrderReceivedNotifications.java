package io.integrationhub.partners.notification;

import org.apache.camel.Message;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

import com.fasterxml.jackson.core.JsonProcessingException;

import io.integrationhub.partners.PartnerJson;
import io.integrationhub.routes.messaging.PoisonMessageException;

/** Writes "your order was received" notifications (the notification schema's table) from OrderCreated 2.0. */
@Component
public class OrderReceivedNotifications {

    static final String SCHEMA = "notification";

    private final JdbcTemplate jdbc;
    private final PartnerJson json;

    public OrderReceivedNotifications(JdbcTemplate jdbc, PartnerJson json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    /** Runs in the subscriber's transaction (with its processed-message key); a redelivery writes nothing twice. */
    @Transactional(propagation = Propagation.MANDATORY)
    public void orderReceived(Message message) throws JsonProcessingException {
        OrderReceivedMessages.OrderCreated order = json.read(message.getBody(String.class),
                OrderReceivedMessages.OrderCreated.class);
        if (order.orderId() == null || order.consumerId() == null || order.orderTotal() == null
                || order.orderTotal().amount() == null) {
            throw new PoisonMessageException("OrderCreated needs orderId, consumerId and orderTotal.amount");
        }
        message.setHeader("consumerId", order.consumerId());
        jdbc.update("insert into notification.notifications (message_id, consumer_id, order_id, text, trace_parent) "
                + "values (?, ?, ?, ?, ?) on conflict (message_id) do nothing", message.getHeader("messageId"),
                order.consumerId(), order.orderId(), text(order), message.getHeader("traceparent"));
    }

    /** e.g. "Your order 42 was received: 2 item(s), total 12.50 EUR, delivery as soon as possible." */
    static String text(OrderReceivedMessages.OrderCreated order) {
        int items = order.lineItems().stream().mapToInt(OrderReceivedMessages.Item::quantity).sum();
        return "Your order " + order.orderId() + " was received: " + items + " item(s), total " + order.orderTotal()
                + ", delivery " + (order.deliveryTime() == null ? "as soon as possible" : "at " + order.deliveryTime())
                + ".";
    }
}
