/**
 * Simulated couriers (publish / async responses): each subscribes to delivery.quote.requests with its own shared
 * durable subscription and answers in its own schema and outbox, with fault modes set through the partner API.
 */
package io.integrationhub.partners.couriers;
