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
    OutboxRoutes outboxRoutes(ObjectProvider<OutboxWriter> outboxes, OutboxProperties properties,
            ObjectProvider<MeterRegistry> meters, ObjectProvider<HubTracing> tracing) {
        List<OutboxWriter> all = outboxes.orderedStream().toList();
        return new OutboxRoutes(all, properties, new OutboxDeliveryLatency(meters.getIfAvailable(),
                all.stream().map(OutboxWriter::schema).toList()), tracing.getIfAvailable(() -> HubTracing.NOOP));
    }

    /**
     * CamelContext comes through an ObjectProvider on purpose: a Lifecycle bean's declared dependencies are started
     * before it, and starting SpringCamelContext that early would skip camel-spring-boot's route collection.
     */
    @Bean
    OutboxRelays outboxRelays(ObjectProvider<OutboxWriter> outboxes, DataSource dataSource,
            DataSourceProperties database, ObjectProvider<CamelContext> camel, OutboxProperties properties,
            ObjectProvider<MeterRegistry> meters) {
        // the lock session must be a connection of its own: a pooled one would outlive stop() and keep the lock
        DataSource lockConnections = new DriverManagerDataSource(database.determineUrl(),
                database.determineUsername(), database.determinePassword());
        List<OutboxRelay> relays = outboxes.orderedStream()
                .map(outbox -> new OutboxRelay(outbox.schema(), dataSource, lockConnections, camel, properties))
                .toList();
        OutboxRelays all = new OutboxRelays(relays, properties.isRelayEnabled());
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
