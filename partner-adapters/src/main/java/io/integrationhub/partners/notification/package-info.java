/** Notification adapter: one-way NotifyConsumer commands from notification.commands (route in YAML). */
package io.integrationhub.partners.notification;
