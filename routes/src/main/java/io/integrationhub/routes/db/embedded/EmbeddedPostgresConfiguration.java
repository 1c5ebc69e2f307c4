package io.integrationhub.routes.db.embedded;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.Stream;

import javax.sql.DataSource;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.jdbc.DataSourceAutoConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * Runs the embedded PostgreSQL that {@link EmbeddedPostgresEnvironment} chose. Every DataSource depends on it, so the
 * server is up before the first connection and stops only after the pool has closed (graceful shutdown: the routes
 * finish, the pool closes, then PostgreSQL stops).
 */
@AutoConfiguration(before = DataSourceAutoConfiguration.class)
@ConditionalOnProperty(EmbeddedPostgresEnvironment.ACTIVE)
public class EmbeddedPostgresConfiguration {

    static final String BEAN = "embeddedPostgres";
    private static final Logger log = LoggerFactory.getLogger(EmbeddedPostgresConfiguration.class);

    @Bean(name = BEAN, destroyMethod = "close")
    EmbeddedPostgresServer embeddedPostgres(@Value("${hub.database.embedded.data-directory:data/postgres}") Path data,
            @Value("${" + EmbeddedPostgresEnvironment.PORT + "}") int port) throws Exception {
        long started = System.nanoTime();
        EmbeddedPostgresServer server = EmbeddedPostgresServer.start(data, port, EmbeddedPostgresEnvironment.DATABASE);
        log.info("Embedded PostgreSQL 15 on 127.0.0.1:{}, data in {} (kept across restarts), up in {} ms; connect with: "
                + "psql -h 127.0.0.1 -p {} -U {} {}", port, server.dataDirectory(),
                (System.nanoTime() - started) / 1_000_000, port, EmbeddedPostgresEnvironment.USER,
                EmbeddedPostgresEnvironment.DATABASE);
        return server;
    }

    /** Static: it must run before the DataSource's bean definition is instantiated. */
    @Bean
    static BeanFactoryPostProcessor dataSourcesNeedEmbeddedPostgres() {
        return beanFactory -> {
            for (String name : beanFactory.getBeanNamesForType(DataSource.class, true, false)) {
                BeanDefinition definition = beanFactory.getBeanDefinition(name);
                String[] dependsOn = definition.getDependsOn();
                definition.setDependsOn(dependsOn == null ? new String[] { BEAN }
                        : Stream.concat(Arrays.stream(dependsOn), Stream.of(BEAN)).toArray(String[]::new));
            }
        };
    }
}
