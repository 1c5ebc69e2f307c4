package io.integrationhub.partners.notification;

import org.apache.camel.builder.RouteBuilder;
import org.springframework.context.annotation.Bean;
import org.springframework.stereotype.Component;

import io.integrationhub.routes.templates.HandlerErrors;
import io.integrationhub.routes.templates.HubRouteTemplates;
import io.integrationhub.routes.versions.UpcasterChain;

/**
 * Tells the consumer their order was received: partner-adapters' subscription to order.events (template
 * {@code hub-event-subscriber}, shared durable subscription {@value #SUBSCRIPTION}) takes OrderCreated 1.x and 2.x —
 * 1.x upcast to 2.0 by {@link OrderCreatedUpcaster} before the handler — and records one notification per event in
 * the notification schema; an unknown major is dead-lettered to DLQ.order.events naming the versions it accepts. The
 * subscription selects OrderCreated: the topic's other events never reach it.
 */
@Component
public class OrderReceivedRoute extends RouteBuilder {

    public static final String ROUTE_ID = "order-received-notifications";
    public static final String SUBSCRIPTION = "partner-adapters.order-received";
    static final String HANDLER = "notify-order-received";

    private final OrderReceivedNotifications notifications;

    public OrderReceivedRoute(OrderReceivedNotifications notifications) {
        this.notifications = notifications;
    }

    /** The notification service's reader of OrderCreated (MessageVersions applies it in the template). */
    @Bean
    static UpcasterChain orderCreatedVersions() {
        return OrderCreatedUpcaster.chain();
    }

    @Override
    public void configure() {
        templatedRoute(HubRouteTemplates.EVENT_SUBSCRIBER).routeId(ROUTE_ID)
                .parameter("channel", "{{hub.channels.order-events}}")
                .parameter("subscriptionName", SUBSCRIPTION)
                .parameter("schema", OrderReceivedNotifications.SCHEMA)
                .parameter("jmsComponent", "{{hub.partner-adapters.jms-component}}")
                .parameter("messageTypes", OrderReceivedMessages.ORDER_CREATED)
                // order.events carries every order event; the subscription holds only what this service reads
                .parameter("messageSelector", "messageType='" + OrderReceivedMessages.ORDER_CREATED + "'")
                .parameter("concurrentConsumers", "{{hub.partner-adapters.notification.concurrent-consumers}}")
                .parameter("handler", "direct:" + HANDLER);

        from("direct:" + HANDLER).routeId(HANDLER).routeConfigurationId(HandlerErrors.ID)
                .description("Records a notification that the consumer's order was received (OrderCreated 2.0)")
                .process(e -> notifications.orderReceived(e.getMessage())).id("record-order-received")
                .log("Notified consumer ${header.consumerId} that order ${header.aggregateId} was received "
                        + "(OrderCreated ${exchangeProperty.hubReceivedMessageVersion} read as "
                        + "${header.messageVersion}, messageId ${header.messageId})").id("log-order-received");
    }
}
