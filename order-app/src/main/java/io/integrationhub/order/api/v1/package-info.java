/**
 * The v1 REST API of orders: the resource (Camel REST DSL), its request and response views; HAL links computed from
 * what the {@code Order} aggregate allows. Depends on {@code orders}; nothing depends on it.
 */
package io.integrationhub.order.api.v1;
