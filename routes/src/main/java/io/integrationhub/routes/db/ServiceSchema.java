package io.integrationhub.routes.db;

/**
 * A service's own PostgreSQL schema and the Flyway migrations that build it (database-per-service without separate
 * servers). Each application declares one bean per schema it owns.
 *
 * @param name     schema name, e.g. {@code orders}
 * @param location Flyway location of its migrations, e.g. {@code classpath:db/orders}
 */
public record ServiceSchema(String name, String location) {
}
