/**
 * Notification adapter: one-way NotifyConsumer commands from notification.commands (route in YAML), and "your order
 * was received" from OrderCreated on order.events (1.x and 2.x, through {@link OrderCreatedUpcaster}).
 */
package io.integrationhub.partners.notification;
