package io.integrationhub.partners;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import org.springframework.jdbc.core.JdbcTemplate;

import io.integrationhub.partners.couriers.CourierSettings;
import io.integrationhub.partners.couriers.Couriers;
import io.integrationhub.routes.db.ServiceSchema;
import io.integrationhub.routes.openapi.OpenApiDocument;
import io.integrationhub.routes.rest.AdminApi;
import io.integrationhub.routes.outbox.OutboxWriter;
import io.integrationhub.routes.yaml.YamlRoutesFolder;

/** What partner-adapters owns: one schema per partner service (and per simulated courier) and a folder of YAML routes. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(CourierSettings.class)
public class PartnerAdaptersConfiguration {

    /**
     * partner-adapters' Camel JMS component (hub.broker.services.partner-adapters in partner-adapters.yml): every
     * outbox of the adapters is relayed as partner-adapters' broker user.
     */
    static final String JMS_COMPONENT = "${hub.partner-adapters.jms-component}";
    /** Where partner-adapters' admin API logs the dead letters it replayed (dead_letter_replays). */
    public static final String REPLAY_LOG_SCHEMA = "consumer";

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
    ServiceSchema courierSwiftSchema() {
        return new ServiceSchema(Couriers.schema(Couriers.SWIFT), "classpath:db/courier");
    }

    @Bean
    ServiceSchema courierThriftySchema() {
        return new ServiceSchema(Couriers.schema(Couriers.THRIFTY), "classpath:db/courier");
    }

    @Bean
    OutboxWriter consumerOutbox(JdbcTemplate jdbc, @Value(JMS_COMPONENT) String jmsComponent) {
        return new OutboxWriter(jdbc, "consumer", jmsComponent);
    }

    @Bean
    OutboxWriter restaurantOutbox(JdbcTemplate jdbc, @Value(JMS_COMPONENT) String jmsComponent) {
        return new OutboxWriter(jdbc, "restaurant", jmsComponent);
    }

    @Bean
    OutboxWriter kitchenOutbox(JdbcTemplate jdbc, @Value(JMS_COMPONENT) String jmsComponent) {
        return new OutboxWriter(jdbc, "kitchen", jmsComponent);
    }

    @Bean
    OutboxWriter accountingOutbox(JdbcTemplate jdbc, @Value(JMS_COMPONENT) String jmsComponent) {
        return new OutboxWriter(jdbc, "accounting", jmsComponent);
    }

    @Bean
    OutboxWriter courierSwiftOutbox(JdbcTemplate jdbc, @Value(JMS_COMPONENT) String jmsComponent) {
        return new OutboxWriter(jdbc, Couriers.schema(Couriers.SWIFT), jmsComponent);
    }

    @Bean
    OutboxWriter courierThriftyOutbox(JdbcTemplate jdbc, @Value(JMS_COMPONENT) String jmsComponent) {
        return new OutboxWriter(jdbc, Couriers.schema(Couriers.THRIFTY), jmsComponent);
    }

    /**
     * Operator APIs (dead letters, outbox) under this path; they read the broker as partner-adapters' user. The dead
     * letters replayed through it are logged in one of the adapters' schemas (any would do): consumer.
     */
    @Bean
    AdminApi partnerAdaptersAdminApi(@Value(JMS_COMPONENT) String jmsComponent) {
        return new AdminApi("partner-adapters", "/partners/api/v1/admin", jmsComponent, REPLAY_LOG_SCHEMA);
    }

    /** partner-adapters' OpenAPI document, under its own path in every mode (also beside order-app in one JVM). */
    @Bean
    OpenApiDocument partnerAdaptersOpenApi() {
        return new OpenApiDocument("/partners/api/v1/openapi.json", "/partners/", "Partner adapters API", "v1",
                "The partners' data (consumers, restaurants, kitchens and their tickets), fault injection for the simulated legacy systems and couriers, "
                        + "and the operator API of partner-adapters. Errors are RFC 9457 problems.");
    }

    @Bean
    YamlRoutesFolder partnerAdaptersYamlRoutes(@Value("${hub.partner-adapters.routes-location}") String location,
            @Value("${hub.routes.reload}") boolean reload) {
        return new YamlRoutesFolder("partner-adapters", location, reload);
    }
}
