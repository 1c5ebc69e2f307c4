package io.integrationhub.routes.delivery;

import java.time.Duration;

import javax.sql.DataSource;

import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.integrationhub.routes.idempotency.IdempotencyConfiguration;
import io.integrationhub.routes.idempotency.ProcessedMessages;
import io.integrationhub.routes.rest.AdminApi;
import io.integrationhub.routes.rest.HubRestConfiguration;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;

/** Per-aggregate parking and the delivery auditor of the templated routes, with their admin API and gap alarm. */
@AutoConfiguration(after = { IdempotencyConfiguration.class, HubRestConfiguration.class })
public class DeliveryConfiguration {

    @Bean
    ConsumingRoutes consumingRoutes(CamelContext camel) {
        return new ConsumingRoutes(camel);
    }

    @Bean
    Parking parking(DataSource dataSource, PlatformTransactionManager transactions, CamelContext camel,
            ProcessedMessages processed, ObjectMapper json, ObjectProvider<MeterRegistry> meters) {
        return new Parking(new JdbcTemplate(dataSource), transactions, camel, processed, json,
                meters.getIfAvailable(() -> Metrics.globalRegistry));
    }

    /** @param gapAlarmAfter how long a missing aggregateSequence may stay missing before the alarm (WARN, gauge) */
    @Bean
    DeliveryAudit deliveryAudit(DataSource dataSource, ObjectProvider<MeterRegistry> meters,
            @Value("${hub.delivery-audit.gap-alarm-after:PT5M}") Duration gapAlarmAfter) {
        return new DeliveryAudit(new JdbcTemplate(dataSource), meters.getIfAvailable(() -> Metrics.globalRegistry),
                gapAlarmAfter);
    }

    @Bean
    DeliveryAdminRoute deliveryAdminRoute(Parking parking, DeliveryAudit audit, ConsumingRoutes routes,
            ObjectMapper json, ObjectProvider<AdminApi> apis) {
        return new DeliveryAdminRoute(parking, audit, routes, json, apis.orderedStream().toList());
    }

    /** Looks for gaps past the alarm time in every schema a templated route consumes into. */
    @Bean
    RouteBuilder deliveryGapAlarm(DeliveryAudit audit, ConsumingRoutes routes,
            @Value("${hub.delivery-audit.alarm-check-interval:PT30S}") Duration interval,
            @Value("${hub.idempotency.retention:P7D}") Duration retention,
            @Value("${hub.idempotency.cleanup-interval:PT5M}") Duration cleanupInterval,
            @Value("${hub.idempotency.cleanup-batch-size:1000}") int batchSize) {
        return new RouteBuilder() {
            @Override
            public void configure() {
                // kept as long as the processed-message keys: a position older than those can no longer tell a
                // duplicate from a new message anyway
                from("timer:delivery-audit-cleanup?period=" + cleanupInterval.toMillis() + "&delay="
                        + cleanupInterval.toMillis())
                        .routeId("delivery-audit-cleanup")
                        .description("Deletes auditor positions and resolved findings older than the retention")
                        .process(e -> audit.cleanUp(routes.allSchemas(), retention, batchSize))
                        .id("delete-old-positions-and-findings");
                from("timer:delivery-gap-alarm?period=" + interval.toMillis() + "&delay=" + interval.toMillis())
                        .routeId("delivery-gap-alarm")
                        .description("Alarms aggregateSequence gaps not filled within hub.delivery-audit.gap-alarm-after")
                        .process(e -> audit.raiseAlarms(routes.allSchemas())).id("raise-gap-alarms");
            }
        };
    }
}
