package io.integrationhub.routes.db;

import javax.sql.DataSource;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.jdbc.DataSourceAutoConfiguration;
import org.springframework.context.annotation.Bean;

@AutoConfiguration(after = DataSourceAutoConfiguration.class)
public class DatabaseConfiguration {

    @Bean
    SchemaMigrations schemaMigrations(DataSource dataSource, ObjectProvider<ServiceSchema> schemas,
            @Value("${spring.datasource.url}") String url) {
        return new SchemaMigrations(dataSource, schemas.orderedStream().toList(), url);
    }
}
