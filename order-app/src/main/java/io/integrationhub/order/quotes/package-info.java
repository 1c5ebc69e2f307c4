/**
 * Delivery quotes (publish / async responses): the DeliveryQuoteRequested an order publishes when it is VALIDATED,
 * the aggregator that collects the couriers' answers durably (Camel's Aggregate EIP over a PostgreSQL aggregation
 * repository), and the decision it records on the order. Depends on {@code orders}; the saga calls it.
 */
package io.integrationhub.order.quotes;
