/**
 * What happens to a consumed message beyond de-duplication, for the routes made from the hub's templates:
 * per-aggregate parking (while a message of an aggregate fails, that aggregate's later messages on the route wait in
 * order in {@code parked_message}; the others flow) and the delivery auditor (each route checks the envelope's
 * {@code aggregateSequence} per producer and aggregate and records gaps, duplicates and reorders in
 * {@code delivery_audit}). Depends on messaging and idempotency; the templates depend on it.
 */
package io.integrationhub.routes.delivery;
