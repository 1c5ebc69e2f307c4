package io.integrationhub.routes.templates;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.context.annotation.Bean;

import io.integrationhub.routes.delivery.ConsumingRoutes;
import io.integrationhub.routes.delivery.DeliveryAudit;
import io.integrationhub.routes.delivery.DeliveryConfiguration;
import io.integrationhub.routes.delivery.Parking;
import io.integrationhub.routes.idempotency.IdempotencyConfiguration;
import io.integrationhub.routes.idempotency.ProcessedMessages;
import io.integrationhub.routes.tracing.HubTracing;
import io.integrationhub.routes.versions.ConsumedChannels;
import io.integrationhub.routes.versions.MessageVersions;
import io.integrationhub.routes.versions.MessageVersionsConfiguration;

/** The hub's route templates and the handlers' route configuration, in every service. */
@AutoConfiguration(after = {IdempotencyConfiguration.class, MessageVersionsConfiguration.class,
        DeliveryConfiguration.class})
public class RouteTemplatesConfiguration {

    @Bean
    HubRouteTemplates hubRouteTemplates(ProcessedMessages processed, MessageVersions versions,
            ConsumedChannels consumed, ObjectProvider<HubTracing> tracing, Parking parking, DeliveryAudit audit,
            ConsumingRoutes routes) {
        return new HubRouteTemplates(processed, versions, consumed, tracing.getIfAvailable(() -> HubTracing.NOOP),
                parking, audit, routes);
    }

    @Bean
    HandlerErrors hubHandlerErrors() {
        return new HandlerErrors();
    }
}
