/**
 * Calls from order-app to legacy REST systems, each behind Camel's Circuit Breaker EIP (Resilience4j): today the
 * legacy consumer-profile API for {@code GET /api/v1/orders/{id}?expand=consumer}.
 */
package io.integrationhub.order.legacy;
