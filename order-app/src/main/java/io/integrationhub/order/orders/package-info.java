/**
 * Orders: the v1 REST resource, the order aggregate's persistence and the messages it publishes. An order is written
 * together with its outbox rows in one transaction. Depends on {@code replica} for local validation.
 */
package io.integrationhub.order.orders;
