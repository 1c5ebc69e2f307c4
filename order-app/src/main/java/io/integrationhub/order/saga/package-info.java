/**
 * Sagas: the durable orchestrator ({@link io.integrationhub.order.saga.SagaOrchestrator}, state in
 * {@code orders.saga_instance} and {@code orders.saga_step}), the declarative definitions
 * ({@link io.integrationhub.order.saga.CreateOrderSaga}), the consumer of order.replies, the deadline scanner and the
 * operators' API. Depends on {@code orders}; the mechanics hold no order logic and could move to {@code routes/} once
 * a second service orchestrates sagas.
 */
package io.integrationhub.order.saga;
