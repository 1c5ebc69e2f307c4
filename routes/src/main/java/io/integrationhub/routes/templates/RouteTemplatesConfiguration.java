package io.integrationhub.routes.templates;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.context.annotation.Bean;

import io.integrationhub.routes.idempotency.IdempotencyConfiguration;
import io.integrationhub.routes.idempotency.ProcessedMessages;

/** The hub's route templates and the handlers' route configuration, in every service. */
@AutoConfiguration(after = IdempotencyConfiguration.class)
public class RouteTemplatesConfiguration {

    @Bean
    HubRouteTemplates hubRouteTemplates(ProcessedMessages processed) {
        return new HubRouteTemplates(processed);
    }

    @Bean
    HandlerErrors hubHandlerErrors() {
        return new HandlerErrors();
    }
}
