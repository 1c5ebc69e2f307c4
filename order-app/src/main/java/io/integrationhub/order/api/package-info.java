/**
 * What the versions of the order REST API share: the request bodies (a client sends the same to v1 and v2), the
 * problem a refused change answers, and {@link io.integrationhub.order.api.OrderRequests} — reading a request and
 * calling the {@code orders} domain. Each version ({@code api.v1}, {@code api.v2}) adds only its views and routes.
 * Depends on {@code orders}; only the versions depend on it.
 */
package io.integrationhub.order.api;
