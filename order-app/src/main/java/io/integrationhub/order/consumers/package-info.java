/**
 * Synchronous request/response over JMS: GET /api/v1/consumers/{id} and the gRPC ConsumerQuery (hub.proto) beside it
 * ask the consumer service on consumer.queries, through one route.
 */
package io.integrationhub.order.consumers;
