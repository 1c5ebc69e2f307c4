package io.integrationhub.order;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import org.springframework.jdbc.core.JdbcTemplate;

import io.integrationhub.order.saga.SagaSettings;
import io.integrationhub.routes.db.ServiceSchema;
import io.integrationhub.routes.openapi.OpenApiDocument;
import io.integrationhub.routes.rest.AdminApi;
import io.integrationhub.routes.outbox.OutboxWriter;
import io.integrationhub.routes.yaml.YamlRoutesFolder;

/** What order-app owns: its schema and its folder of YAML routes. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(SagaSettings.class)
public class OrderAppConfiguration {

    /** order-app's Camel JMS component (hub.broker.services.order-app in order-app.yml). */
    static final String JMS_COMPONENT = "${hub.order-app.jms-component}";

    @Bean
    ServiceSchema ordersSchema(@Value("${hub.order-app.demo-data}") boolean demoData) {
        return new ServiceSchema("orders", "classpath:db/orders" + (demoData ? ",classpath:db/orders-demo" : ""));
    }

    /** Relayed as order-app's broker user. */
    @Bean
    OutboxWriter ordersOutbox(JdbcTemplate jdbc, @Value(JMS_COMPONENT) String jmsComponent) {
        return new OutboxWriter(jdbc, "orders", jmsComponent);
    }

    /** Operator APIs (dead letters, outbox) under this path; they read the broker as order-app's user. */
    @Bean
    AdminApi orderAppAdminApi(@Value(JMS_COMPONENT) String jmsComponent) {
        return new AdminApi("order-app", "/api/v1/admin", jmsComponent, "orders");
    }

    /** The order service's OpenAPI document v1: its operations under /api/v1/ (partner-adapters' live under /partners/). */
    @Bean
    OpenApiDocument orderAppOpenApi() {
        return new OpenApiDocument("/api/v1/openapi.json", "/api/v1/", "Order service API", "v1",
                "Orders, consumers and restaurants as the order service sees them, and its operator API. "
                        + "Errors are RFC 9457 problems; the messaging API is at /api/v1/asyncapi.yaml.");
    }

    /** v2 beside v1 (a new major: money objects, HAL collections), a document of its own. */
    @Bean
    OpenApiDocument orderAppOpenApiV2() {
        return new OpenApiDocument("/api/v2/openapi.json", "/api/v2/", "Order service API", "v2",
                "Orders as the order service sees them, v2: the same orders as /api/v1, every amount a money object "
                        + "{\"amount\": \"12.50\", \"currency\": \"EUR\"} (a decimal string, never a number), a "
                        + "consumer's orders a paged HAL collection. Errors are RFC 9457 problems.");
    }

    @Bean
    YamlRoutesFolder orderAppYamlRoutes(@Value("${hub.order-app.routes-location}") String location,
            @Value("${hub.routes.reload}") boolean reload) {
        return new YamlRoutesFolder("order-app", location, reload);
    }
}
