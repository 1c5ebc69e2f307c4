package io.integrationhub.partners.restaurant;

import org.apache.camel.builder.RouteBuilder;
import org.springframework.stereotype.Component;

import io.integrationhub.routes.messaging.Envelope;
import io.integrationhub.routes.templates.HandlerErrors;
import io.integrationhub.routes.templates.HubRouteTemplates;

/**
 * restaurant.commands: ValidateOrderDetails. The template {@code hub-command-handler} checks the envelope and
 * de-duplicates; the handler validates and writes the reply (OrderDetailsValidated / OrderDetailsValidationFailed) to
 * the restaurant outbox, in the same transaction.
 */
@Component
public class RestaurantCommandsRoute extends RouteBuilder {

    private final RestaurantService restaurants;

    public RestaurantCommandsRoute(RestaurantService restaurants) {
        this.restaurants = restaurants;
    }

    @Override
    public void configure() {
        templatedRoute(HubRouteTemplates.COMMAND_HANDLER).routeId("restaurant-commands")
                .parameter("channel", "{{hub.channels.restaurant-commands}}")
                .parameter("schema", "restaurant")
                .parameter("jmsComponent", "{{hub.partner-adapters.jms-component}}")
                .parameter("messageTypes", RestaurantMessages.VALIDATE_ORDER_DETAILS)
                .parameter("concurrentConsumers", "{{hub.partner-adapters.concurrent-consumers}}")
                .parameter("handler", "direct:validate-order-details");

        from("direct:validate-order-details").routeId("validate-order-details")
                .routeConfigurationId(HandlerErrors.ID)
                .description("ValidateOrderDetails: validate, reply OrderDetailsValidated/OrderDetailsValidationFailed via the outbox")
                .process(e -> restaurants.validate(Envelope.of(e.getMessage()), e.getMessage().getBody(String.class)))
                .id("validate-order");
    }
}
