/**
 * The hub's consuming patterns as Camel route templates, instantiated by name from Java ({@code templatedRoute}) and
 * YAML ({@code - templatedRoute:}): the idempotent command handler of a queue and the event subscriber of a topic, each
 * with the same envelope checks, per-aggregate parking, delivery audit, de-duplication, metrics and dead-lettering.
 * Depends on idempotency, messaging and delivery only.
 */
package io.integrationhub.routes.templates;
