package io.integrationhub.routes.idempotency;

import java.time.Duration;

import javax.sql.DataSource;

import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.spring.spi.SpringTransactionPolicy;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.jdbc.DataSourceTransactionManagerAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.transaction.PlatformTransactionManager;

import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;

import io.integrationhub.routes.db.ServiceSchema;
import io.integrationhub.routes.messaging.HubJmsErrors;
import io.integrationhub.routes.messaging.MessagingMetersAtZero;
import io.integrationhub.routes.messaging.RequestReplyTimer;
import io.micrometer.core.instrument.MeterRegistry;

@AutoConfiguration(after = DataSourceTransactionManagerAutoConfiguration.class)
public class IdempotencyConfiguration {

    /** The database transaction consuming routes run in; referenced by name, never by type lookup. */
    public static final String JDBC_TRANSACTION = "hubJdbcTransaction";

    @Bean(JDBC_TRANSACTION)
    SpringTransactionPolicy hubJdbcTransaction(PlatformTransactionManager transactions) {
        SpringTransactionPolicy policy = new SpringTransactionPolicy(transactions);
        policy.setPropagationBehaviorName("PROPAGATION_REQUIRED");
        return policy;
    }

    @Bean
    ProcessedMessages processedMessages(DataSource dataSource, PlatformTransactionManager transactions,
            ObjectProvider<MeterRegistry> meters) {
        return new ProcessedMessages(dataSource, transactions, meters.getIfAvailable());
    }

    @Bean
    HubJmsErrors hubJmsErrors(@Value("${hub.broker.max-delivery-attempts:5}") int maxDeliveryAttempts,
            ObjectProvider<MeterRegistry> meters) {
        return new HubJmsErrors(maxDeliveryAttempts,
                meters.getIfAvailable(() -> io.micrometer.core.instrument.Metrics.globalRegistry), JDBC_TRANSACTION);
    }

    @Bean
    MessagingMetersAtZero messagingMetersAtZero(ObjectProvider<MeterRegistry> meters,
            ObjectProvider<CircuitBreakerRegistry> breakers) {
        return new MessagingMetersAtZero(meters.getIfAvailable(() -> io.micrometer.core.instrument.Metrics.globalRegistry),
                breakers);
    }

    /** hub.request.reply.duration of every synchronous JMS request/reply (Camel adds EventNotifier beans). */
    @Bean
    RequestReplyTimer requestReplyTimer(ObjectProvider<MeterRegistry> meters) {
        return new RequestReplyTimer(meters.getIfAvailable(() -> io.micrometer.core.instrument.Metrics.globalRegistry));
    }

    /** Deletes processed-message keys older than the retention, in bounded batches, in every service schema. */
    @Bean
    RouteBuilder processedMessagesCleanup(ObjectProvider<ServiceSchema> schemas,
            @Value("${hub.idempotency.retention:P7D}") Duration retention,
            @Value("${hub.idempotency.cleanup-interval:PT5M}") Duration interval,
            @Value("${hub.idempotency.cleanup-batch-size:1000}") int batchSize) {
        return new RouteBuilder() {
            @Override
            public void configure() {
                for (ServiceSchema schema : schemas.orderedStream().toList()) {
                    String table = schema.name() + ".camel_messageprocessed";
                    from("timer:processed-messages-cleanup-" + schema.name() + "?period=" + interval.toMillis()
                            + "&delay=" + interval.toMillis())
                            .routeId("processed-messages-cleanup-" + schema.name())
                            .description("Deletes processed-message keys older than " + retention + " in batches")
                            .setHeader("retentionSeconds", constant(retention.toSeconds()))
                                    .id("set-retention-" + schema.name())
                            .setHeader("batchSize", constant(batchSize))
                                    .id("set-batch-size-" + schema.name())
                            .setHeader("CamelSqlUpdateCount", constant(Integer.MAX_VALUE))
                                    .id("start-first-batch-" + schema.name())
                            .loopDoWhile(simple("${header.CamelSqlUpdateCount} >= " + batchSize))
                                    .id("while-full-batches-" + schema.name())
                                .to("sql:delete from " + table + " where ctid in (select ctid from " + table
                                        + " where createdAt < now() - make_interval(secs => :#retentionSeconds) "
                                        + "order by createdAt limit :#batchSize)")
                                    .id("delete-expired-keys-" + schema.name())
                            .end();
                }
            }
        };
    }
}
