package io.integrationhub.routes.db;

import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

import javax.sql.DataSource;

import org.flywaydb.core.Flyway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;

/**
 * Migrates every {@link ServiceSchema} with its own Flyway history table inside that schema, so each service's schema
 * evolves independently, exactly as if it had its own database. Boot's single-schema Flyway auto-configuration is
 * switched off (spring.flyway.enabled=false) because it cannot do this. Runs before the Camel routes start.
 */
public class SchemaMigrations implements InitializingBean {

    private static final Logger log = LoggerFactory.getLogger(SchemaMigrations.class);

    /** Tables every service schema gets from this module: the outbox today, processed messages next. */
    static final String HUB_TABLES = "classpath:hub/db/common";
    static final String HUB_HISTORY = "hub_schema_history";

    private final DataSource dataSource;
    private final List<ServiceSchema> schemas;
    private final String url;

    public SchemaMigrations(DataSource dataSource, List<ServiceSchema> schemas, String url) {
        this.dataSource = dataSource;
        this.schemas = schemas;
        this.url = url;
    }

    @Override
    public void afterPropertiesSet() {
        checkReachable();
        for (ServiceSchema schema : schemas) {
            // the hub's building blocks first (outbox, ...), with their own history: services may rely on them
            migrate(schema.name(), HUB_TABLES, HUB_HISTORY, "hub tables");
            if (hasMigrations(schema.location())) {
                migrate(schema.name(), schema.location(), "flyway_schema_history", "service tables");
            } else {
                // a service schema without tables yet (before its first migration): Flyway would warn
                log.info("Schema {} (service tables): none yet ({} has no migrations)", schema.name(),
                        schema.location());
            }
        }
    }

    private void migrate(String schema, String location, String historyTable, String what) {
        Flyway flyway = Flyway.configure()
                .dataSource(dataSource)
                .schemas(schema)
                .createSchemas(true)
                .table(historyTable)
                // two histories share one schema: each must accept the other's tables
                .baselineOnMigrate(true)
                .baselineVersion("0")
                .locations(location.split(","))
                // optional demo data may be switched off after it was applied
                .ignoreMigrationPatterns("*:future", "repeatable:missing")
                .load();
        var result = flyway.migrate();
        var current = flyway.info().current();
        log.info("Schema {} ({}): {} migration(s) applied, now at version {}", schema, what,
                result.migrationsExecuted, current == null || current.getVersion() == null ? "-" : current.getVersion());
    }

    /** True when any of the (comma-separated) classpath locations holds a migration script. */
    static boolean hasMigrations(String locations) {
        var resolver = new PathMatchingResourcePatternResolver();
        for (String location : locations.split(",")) {
            if (!location.trim().startsWith("classpath:")) {
                return true; // filesystem: and others: let Flyway look
            }
            String path = location.trim().substring("classpath:".length());
            try {
                if (resolver.getResources("classpath*:" + path + "/**/*.sql").length > 0) {
                    return true;
                }
            } catch (IOException e) {
                return true; // cannot tell: let Flyway look
            }
        }
        return false;
    }

    private void checkReachable() {
        try (Connection connection = dataSource.getConnection()) {
            connection.isValid(2);
        } catch (SQLException | RuntimeException e) {
            throw new DatabaseUnreachableException(url, e);
        }
    }
}
