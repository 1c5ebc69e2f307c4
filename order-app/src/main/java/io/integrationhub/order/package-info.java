/** The order service: REST API, order domain, reply-first validation, saga orchestrator, restaurant replica. */
package io.integrationhub.order;
