package io.integrationhub.routes.delivery;

/**
 * What parking and the auditor need to know of a templated route: its channel, the schema holding its tables, its
 * handler and the JMS component it consumes (and dead-letters) with.
 */
public record ConsumingRoute(String routeId, String channel, String schema, String handler, String jmsComponent) {
}
