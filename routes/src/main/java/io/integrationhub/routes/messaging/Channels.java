package io.integrationhub.routes.messaging;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The channels of DESIGN.md §2 ({@code hub.channels.*}, mirrored in asyncapi.yaml). Java code reads names from here;
 * routes use the same keys as placeholders. Defaults are the contract; configuration may only rename for a test.
 */
@ConfigurationProperties("hub.channels")
public class Channels {

    private String consumerCommands = "consumer.commands";
    private String consumerQueries = "consumer.queries";
    private String restaurantCommands = "restaurant.commands";
    private String kitchenCommands = "kitchen.commands";
    private String accountingCommands = "accounting.commands";
    private String notificationCommands = "notification.commands";
    private String orderReplies = "order.replies";
    private String orderEvents = "order.events";
    private String restaurantEvents = "restaurant.events";
    private String deliveryQuoteRequests = "delivery.quote.requests";
    private String orderDeliveryQuotes = "order.delivery-quotes";

    public String getConsumerCommands() { return consumerCommands; }
    public void setConsumerCommands(String v) { this.consumerCommands = v; }
    public String getConsumerQueries() { return consumerQueries; }
    public void setConsumerQueries(String v) { this.consumerQueries = v; }
    public String getRestaurantCommands() { return restaurantCommands; }
    public void setRestaurantCommands(String v) { this.restaurantCommands = v; }
    public String getKitchenCommands() { return kitchenCommands; }
    public void setKitchenCommands(String v) { this.kitchenCommands = v; }
    public String getAccountingCommands() { return accountingCommands; }
    public void setAccountingCommands(String v) { this.accountingCommands = v; }
    public String getNotificationCommands() { return notificationCommands; }
    public void setNotificationCommands(String v) { this.notificationCommands = v; }
    public String getOrderReplies() { return orderReplies; }
    public void setOrderReplies(String v) { this.orderReplies = v; }
    public String getOrderEvents() { return orderEvents; }
    public void setOrderEvents(String v) { this.orderEvents = v; }
    public String getRestaurantEvents() { return restaurantEvents; }
    public void setRestaurantEvents(String v) { this.restaurantEvents = v; }
    public String getDeliveryQuoteRequests() { return deliveryQuoteRequests; }
    public void setDeliveryQuoteRequests(String v) { this.deliveryQuoteRequests = v; }
    public String getOrderDeliveryQuotes() { return orderDeliveryQuotes; }
    public void setOrderDeliveryQuotes(String v) { this.orderDeliveryQuotes = v; }
}
