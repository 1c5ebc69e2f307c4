package io.integrationhub.routes.secrets;

/**
 * A secret a service needs outside the developer's embedded run.
 *
 * @param variable the environment variable an operator sets
 * @param property the configuration property it feeds (may be null when only the variable is known)
 * @param what     what it protects, in an operator's words
 */
public record RequiredSecret(String variable, String property, String what) {
}
