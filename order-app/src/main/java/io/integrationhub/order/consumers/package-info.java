/** Synchronous request/response over JMS: GET /api/v1/consumers/{id} asks the consumer service on consumer.queries. */
package io.integrationhub.order.consumers;
