/**
 * Idempotent repositories: Camel's JDBC message-id repository in each service schema ({@code camel_messageprocessed}),
 * keyed by the envelope's messageId per route (processor name = route id), written in the same database transaction
 * as the side effect, and the duplicate counter; old keys are deleted in bounded batches. The consuming routes use
 * them through the route templates of {@code io.integrationhub.routes.templates}.
 */
package io.integrationhub.routes.idempotency;
