package io.integrationhub.routes.outbox;

import java.util.List;

import javax.sql.DataSource;

import org.apache.camel.CamelContext;
import org.apache.camel.spring.boot.CamelContextConfiguration;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.jdbc.DataSourceProperties;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

import io.integrationhub.routes.broker.BrokerConfiguration;
import io.integrationhub.routes.tracing.HubTracing;
import io.micrometer.core.instrument.MeterRegistry;

/** Runs the publisher, cleanup and relay of every outbox the applications declare (an {@link OutboxWriter} bean). */
@AutoConfiguration(after = BrokerConfiguration.class)
@EnableConfigurationProperties(OutboxProperties.class)
public class OutboxConfiguration {

    /**
     * Camel registry name of the JMS-only transaction policy around one batch of the outboxes a JMS component relays
     * (bound by OutboxRoutes, over that component's connection factory). Deliberately not a bean of type
     * PlatformTransactionManager, which would displace Boot's JDBC transaction manager for @Transactional.
     */
    public static String jmsTransactionPolicy(String jmsComponent) {
        return "outboxJmsTransaction-" + jmsComponent;
    }

    @Bean
    OutboxDeliveryLatency outboxDeliveryLatency(ObjectProvider<OutboxWriter> outboxes,
            ObjectProvider<MeterRegistry> meters) {
        return new OutboxDeliveryLatency(meters.getIfAvailable(),
                outboxes.orderedStream().map(OutboxWriter::schema).toList());
    }

    @Bean
    OutboxRoutes outboxRoutes(ObjectProvider<OutboxWriter> outboxes, OutboxProperties properties,
            OutboxDeliveryLatency deliveryLatency, ObjectProvider<HubTracing> tracing) {
        List<OutboxWriter> all = outboxes.orderedStream().toList();
        return new OutboxRoutes(all, properties, deliveryLatency, tracing.getIfAvailable(() -> HubTracing.NOOP));
    }

    /** The Debezium route of every outbox relayed by log tailing (started only by the relay that holds the lock). */
    @Bean
    org.apache.camel.builder.RouteBuilder outboxLogTailingRoutes(OutboxRelays relays) {
        return new org.apache.camel.builder.RouteBuilder() {
            @Override
            public void configure() {
                relays.relays().stream().map(OutboxRelay::logTailing).filter(java.util.Objects::nonNull)
                        .forEach(tailing -> tailing.configure(this));
            }
        };
    }

    /**
     * CamelContext comes through an ObjectProvider on purpose: a Lifecycle bean's declared dependencies are started
     * before it, and starting SpringCamelContext that early would skip camel-spring-boot's route collection.
     */
    @Bean
    OutboxRelays outboxRelays(ObjectProvider<OutboxWriter> outboxes, DataSource dataSource,
            DataSourceProperties database, ObjectProvider<CamelContext> camel, OutboxProperties properties,
            ObjectProvider<MeterRegistry> meters, OutboxDeliveryLatency deliveryLatency) {
        // the lock session must be a connection of its own: a pooled one would outlive stop() and keep the lock
        DataSource lockConnections = new DriverManagerDataSource(database.determineUrl(),
                database.determineUsername(), database.determinePassword());
        var jdbc = new org.springframework.jdbc.core.JdbcTemplate(dataSource);
        List<OutboxRelay> relays = outboxes.orderedStream()
                .map(outbox -> new OutboxRelay(outbox.schema(), dataSource, lockConnections, camel, properties,
                        properties.relayOf(outbox.schema()) == OutboxProperties.Relay.LOG_TAILING
                                ? new OutboxLogTailing(outbox.schema(), outbox.jmsComponent(),
                                        OutboxLogTailing.DatabaseAddress.of(database.determineUrl(),
                                                database.determineUsername(), database.determinePassword()),
                                        jdbc, properties, deliveryLatency)
                                : null))
                .toList();
        OutboxRelays all = new OutboxRelays(relays, properties.isRelayEnabled(), properties.getLogTailing()
                .isDropSlotOnClose() ? new org.springframework.jdbc.core.JdbcTemplate(lockConnections) : null);
        meters.ifAvailable(registry -> relays.forEach(relay -> OutboxMetrics.register(registry, relay)));
        return all;
    }

    @Bean
    OutboxAdminRoute outboxAdminRoute(OutboxRelays relays, com.fasterxml.jackson.databind.ObjectMapper json,
            ObjectProvider<io.integrationhub.routes.rest.AdminApi> apis) {
        return new OutboxAdminRoute(relays, json, apis.orderedStream().toList());
    }

    @Bean
    OutboxHeldRowsRoute outboxHeldRowsRoute(OutboxRelays relays, com.fasterxml.jackson.databind.ObjectMapper json,
            ObjectProvider<io.integrationhub.routes.rest.AdminApi> apis) {
        return new OutboxHeldRowsRoute(relays, json, apis.orderedStream().toList());
    }

    /**
     * Binds each relay's lock-holder connection into Camel's registry (not Spring's: another DataSource bean would
     * join health checks and confuse auto-configuration) before the publisher routes resolve it.
     */
    @Bean
    CamelContextConfiguration outboxLeaderDataSources(OutboxRelays relays) {
        return new CamelContextConfiguration() {
            @Override
            public void beforeApplicationStart(CamelContext camelContext) {
                relays.relays().forEach(relay -> camelContext.getRegistry().bind(
                        "outboxLeaderDataSource-" + relay.schema(), relay.leaderDataSource()));
            }

            @Override
            public void afterApplicationStart(CamelContext camelContext) {
            }
        };
    }
}
