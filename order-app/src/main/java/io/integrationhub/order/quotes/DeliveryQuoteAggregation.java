package io.integrationhub.order.quotes;

import javax.sql.DataSource;

import org.apache.camel.CamelContext;
import org.apache.camel.processor.aggregate.MemoryAggregationRepository;
import org.apache.camel.processor.aggregate.jdbc.PostgresAggregationRepository;
import org.apache.camel.spi.AggregationRepository;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.jdbc.DataSourceProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * The aggregator's state: Camel's {@code PostgresAggregationRepository} (camel-sql) over the tables
 * {@code orders.delivery_quote_aggregation} and {@code …_completed} (Flyway, V5), in the application's transactions,
 * with recovery on: a completed group stays in the completed table until its recording committed, and is recorded
 * again after a crash or a failure. {@code hub.order-app.delivery-quotes.repository=memory} swaps in Camel's in-memory
 * repository (nothing survives a restart) — for the benchmark's side-by-side comparison only.
 *
 * <p>Several order-app instances: one active aggregator ({@link DeliveryQuoteLeadership}), not the clustered
 * repository. Camel documents that the Aggregate EIP's completion timeout is kept in memory by the instance that saw
 * the group (restored only when its route starts), so with competing instances a group begun on a dead instance would
 * not time out elsewhere; {@code ClusteredPostgresAggregationRepository} fixes recovery of completed groups per
 * instance, not that. One active instance that (re)starts the routes when it takes over restores every open group's
 * timeout from the table — the relay's advisory-lock design, which the hub already relies on.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(DeliveryQuoteSettings.class)
class DeliveryQuoteAggregation {

    static final String TABLE = "delivery_quote_aggregation";

    @Bean
    AggregationRepository deliveryQuoteRepository(DataSource dataSource, PlatformTransactionManager transactions,
            DeliveryQuoteSettings settings) {
        if (settings.getRepository() == DeliveryQuoteSettings.Repository.MEMORY) {
            return new MemoryAggregationRepository();
        }
        PostgresAggregationRepository repository = new VersionedPostgresAggregationRepository(transactions, TABLE,
                new SchemaDataSource(dataSource, "orders"));
        repository.setUseRecovery(true);
        repository.setRecoveryInterval(settings.getRecoveryInterval().toMillis());
        return repository;
    }

    @Bean
    DeliveryQuoteLeadership deliveryQuoteLeadership(DataSourceProperties database, ObjectProvider<CamelContext> camel,
            DeliveryQuoteSettings settings) {
        // the lock session must be a connection of its own: a pooled one would outlive a stop and keep the lock
        return new DeliveryQuoteLeadership(new DriverManagerDataSource(database.determineUrl(),
                database.determineUsername(), database.determinePassword()), camel, settings.getStandbyRetry());
    }
}
