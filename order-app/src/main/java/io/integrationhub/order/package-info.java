/**
 * The order service: REST API, order domain, reply-first validation, saga orchestrator, restaurant replica, delivery
 * quotes.
 */
package io.integrationhub.order;
