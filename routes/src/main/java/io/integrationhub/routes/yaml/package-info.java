/**
 * Loads a service's YAML routes from a folder an operator can edit (shipped routes on the classpath by default) and,
 * in the dev profile, reloads a route when its file changes.
 */
package io.integrationhub.routes.yaml;
