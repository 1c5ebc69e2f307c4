/**
 * The OpenAPI documents the services serve: generated from the REST DSL by camel-openapi-java, one per application
 * (each under its own API path, also when both share one JVM), completed with what the REST DSL cannot say — the
 * problem+json error bodies, who must log in, a server that works from any host. Depends on {@code rest} and
 * {@code security}, nothing domain.
 */
package io.integrationhub.routes.openapi;
