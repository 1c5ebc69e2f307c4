package io.integrationhub.partners;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import org.springframework.jdbc.core.JdbcTemplate;

import io.integrationhub.routes.db.ServiceSchema;
import io.integrationhub.routes.openapi.OpenApiDocument;
import io.integrationhub.routes.rest.AdminApi;
import io.integrationhub.routes.outbox.OutboxWriter;
import io.integrationhub.routes.yaml.YamlRoutesFolder;

/** What partner-adapters owns: one schema per partner service and a folder of YAML routes. */
@Configuration(proxyBeanMethods = false)
public class PartnerAdaptersConfiguration {

    @Bean
    ServiceSchema consumerSchema() {
        return new ServiceSchema("consumer", "classpath:db/consumer");
    }

    @Bean
    ServiceSchema restaurantSchema() {
        return new ServiceSchema("restaurant", "classpath:db/restaurant");
    }

    @Bean
    ServiceSchema kitchenSchema() {
        return new ServiceSchema("kitchen", "classpath:db/kitchen");
    }

    @Bean
    ServiceSchema accountingSchema() {
        return new ServiceSchema("accounting", "classpath:db/accounting");
    }

    @Bean
    ServiceSchema notificationSchema() {
        return new ServiceSchema("notification", "classpath:db/notification");
    }

    @Bean
    OutboxWriter consumerOutbox(JdbcTemplate jdbc) {
        return new OutboxWriter(jdbc, "consumer");
    }

    @Bean
    OutboxWriter restaurantOutbox(JdbcTemplate jdbc) {
        return new OutboxWriter(jdbc, "restaurant");
    }

    @Bean
    OutboxWriter accountingOutbox(JdbcTemplate jdbc) {
        return new OutboxWriter(jdbc, "accounting");
    }

    /** Operator APIs (dead letters, outbox) under this path. */
    @Bean
    AdminApi partnerAdaptersAdminApi() {
        return new AdminApi("partner-adapters", "/partners/api/v1/admin");
    }

    /** partner-adapters' OpenAPI document, under its own path in every mode (also beside order-app in one JVM). */
    @Bean
    OpenApiDocument partnerAdaptersOpenApi() {
        return new OpenApiDocument("/partners/api/v1/openapi.json", "/partners/", "Partner adapters API", "v1",
                "The partners' data (consumers, restaurants), fault injection for the simulated legacy systems, "
                        + "and the operator API of partner-adapters. Errors are RFC 9457 problems.");
    }

    @Bean
    YamlRoutesFolder partnerAdaptersYamlRoutes(@Value("${hub.partner-adapters.routes-location}") String location,
            @Value("${hub.routes.reload}") boolean reload) {
        return new YamlRoutesFolder("partner-adapters", location, reload);
    }
}
