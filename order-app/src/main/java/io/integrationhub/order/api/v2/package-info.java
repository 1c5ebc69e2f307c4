/**
 * The v2 REST API of orders, beside v1 and served by the same domain: money as {@code {"amount": "12.50",
 * "currency": "EUR"}} (a decimal string, never a float) and the consumer's orders as a paged HAL collection
 * ({@code _embedded}, {@code _links} self/next). HAL links computed from what the {@code Order} aggregate allows.
 * Depends on {@code api} and {@code orders}; nothing depends on it.
 */
package io.integrationhub.order.api.v2;
