/**
 * The v1 REST API of orders: the resource (Camel REST DSL) and its views — amounts as JSON numbers, the list of a
 * consumer's orders a bare array; HAL links computed from what the {@code Order} aggregate allows. What a request
 * does is {@code api}'s {@code OrderRequests}, shared with v2. Depends on {@code api} and {@code orders}; nothing
 * depends on it.
 */
package io.integrationhub.order.api.v1;
