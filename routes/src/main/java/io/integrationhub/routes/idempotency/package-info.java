/**
 * Idempotent consumers (DESIGN.md §5 rule 3): Camel's Idempotent Consumer EIP over a JDBC repository in each service
 * schema ({@code camel_messageprocessed}), keyed by the envelope's messageId per route, written in the same database
 * transaction as the side effect; duplicates are counted and skipped; old keys are deleted in bounded batches.
 */
package io.integrationhub.routes.idempotency;
