package io.integrationhub.order;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import org.springframework.jdbc.core.JdbcTemplate;

import io.integrationhub.routes.db.ServiceSchema;
import io.integrationhub.routes.openapi.OpenApiDocument;
import io.integrationhub.routes.rest.AdminApi;
import io.integrationhub.routes.outbox.OutboxWriter;
import io.integrationhub.routes.yaml.YamlRoutesFolder;

/** What order-app owns: its schema and its folder of YAML routes. */
@Configuration(proxyBeanMethods = false)
public class OrderAppConfiguration {

    @Bean
    ServiceSchema ordersSchema(@Value("${hub.order-app.demo-data}") boolean demoData) {
        return new ServiceSchema("orders", "classpath:db/orders" + (demoData ? ",classpath:db/orders-demo" : ""));
    }

    @Bean
    OutboxWriter ordersOutbox(JdbcTemplate jdbc) {
        return new OutboxWriter(jdbc, "orders");
    }

    /** Operator APIs (dead letters, outbox) under this path. */
    @Bean
    AdminApi orderAppAdminApi() {
        return new AdminApi("order-app", "/api/v1/admin");
    }

    /** The order service's OpenAPI document: its operations under /api/ (partner-adapters' live under /partners/). */
    @Bean
    OpenApiDocument orderAppOpenApi() {
        return new OpenApiDocument("/api/v1/openapi.json", "/api/", "Order service API", "v1",
                "Orders, consumers and restaurants as the order service sees them, and its operator API. "
                        + "Errors are RFC 9457 problems; the messaging API is at /api/v1/asyncapi.yaml.");
    }

    @Bean
    YamlRoutesFolder orderAppYamlRoutes(@Value("${hub.order-app.routes-location}") String location,
            @Value("${hub.routes.reload}") boolean reload) {
        return new YamlRoutesFolder("order-app", location, reload);
    }
}
