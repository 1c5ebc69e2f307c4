/**
 * The order domain: the {@link io.integrationhub.order.orders.Order} aggregate (the one place that decides state
 * changes and allowed actions), its repository (the only code touching the order tables), its messaging contract
 * ({@link io.integrationhub.order.orders.OrderMessages}) and intake. Depends on {@code replica} for local validation;
 * the saga and the API versions depend on it, never the other way round.
 */
package io.integrationhub.order.orders;
