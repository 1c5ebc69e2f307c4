/**
 * The hub's consuming patterns as Camel route templates, instantiated by name from Java ({@code templatedRoute}) and
 * YAML ({@code - templatedRoute:}): the idempotent command handler of a queue and the event subscriber of a topic, each
 * with the same envelope checks, de-duplication, metrics and dead-lettering. Depends on idempotency and messaging only.
 */
package io.integrationhub.routes.templates;
