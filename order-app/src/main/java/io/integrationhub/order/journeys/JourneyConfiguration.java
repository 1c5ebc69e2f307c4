package io.integrationhub.order.journeys;

import java.time.Duration;
import java.util.List;

import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.web.servlet.config.annotation.ViewControllerRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.integrationhub.routes.broker.BrokerProperties;
import io.integrationhub.routes.journey.DeadLetterReplays;
import io.integrationhub.routes.journey.DeliveryRecordsJourney;
import io.integrationhub.routes.journey.JourneySource;
import io.integrationhub.routes.journey.OutboxJourney;
import io.integrationhub.routes.journey.ProcessedMessagesJourney;

/**
 * order-app's journey sources over the hub tables of its schema, the broker and partner-adapters, and the page
 * {@code /admin/journeys/{orderId}} (static HTML and JS in hub-journeys/, behind the operator login like every
 * {@code /admin/} path).
 */
@Configuration
class JourneyConfiguration implements WebMvcConfigurer {

    static final String SERVICE = "order-app";
    static final String SCHEMA = "orders";

    @Bean
    OutboxJourney ordersOutboxJourney(JdbcTemplate jdbc) {
        return new OutboxJourney(jdbc, SCHEMA, SERVICE);
    }

    @Bean
    ProcessedMessagesJourney ordersProcessedMessagesJourney(JdbcTemplate jdbc) {
        return new ProcessedMessagesJourney(jdbc, SCHEMA, SERVICE);
    }

    @Bean
    DeliveryRecordsJourney ordersDeliveryRecordsJourney(JdbcTemplate jdbc) {
        return new DeliveryRecordsJourney(jdbc, SCHEMA, SERVICE);
    }

    @Bean
    DeadLetterReplays ordersDeadLetterReplays(JdbcTemplate jdbc) {
        return new DeadLetterReplays(jdbc, SCHEMA, SERVICE);
    }

    @Bean
    BrokerJourney brokerJourney(BrokerProperties broker,
            @Value("${hub.order-app.journeys.broker-user}") String user,
            @Value("${hub.order-app.journeys.broker-password}") String password,
            @Value("${hub.order-app.journeys.timeout}") Duration timeout) {
        return new BrokerJourney(password.isBlank() ? null : new ActiveMQConnectionFactory(broker.getUrl(), user,
                password), timeout.toMillis());
    }

    @Bean
    PartnerJourney partnerJourney(Environment environment, ObjectMapper json,
            @Value("${hub.order-app.journeys.partner-url}") String url,
            @Value("${hub.order-app.journeys.partner-user}") String user,
            @Value("${hub.order-app.journeys.partner-password}") String password,
            @Value("${hub.order-app.journeys.timeout}") Duration timeout) {
        // empty: partner-adapters runs in this JVM on this server (the embedded mode), whose port is known once it
        // listens
        return new PartnerJourney(() -> url.isBlank()
                ? "http://127.0.0.1:" + environment.getProperty("local.server.port", "8080") : url,
                user, password, timeout, json);
    }

    @Bean
    JourneyService journeyService(List<JourneySource> sources, OutboxJourney ordersOutboxJourney,
            SagaJourney sagas, JdbcTemplate jdbc) {
        return new JourneyService(sources, ordersOutboxJourney, sagas, jdbc);
    }

    /** The page's address carries the order id; the page itself is one static file that reads it from there. */
    @Override
    public void addViewControllers(ViewControllerRegistry registry) {
        registry.addViewController("/admin/journeys/{orderId}").setViewName("forward:/admin/journey-page/index.html");
        // parked aggregates, alarmed gaps and the auditor's findings of both services (their admin APIs)
        registry.addViewController("/admin/deliveries").setViewName("forward:/admin/journey-page/deliveries.html");
    }

    @Override
    public void addResourceHandlers(org.springframework.web.servlet.config.annotation.ResourceHandlerRegistry registry) {
        registry.addResourceHandler("/admin/journey-page/**").addResourceLocations("classpath:/hub-journeys/");
    }
}
