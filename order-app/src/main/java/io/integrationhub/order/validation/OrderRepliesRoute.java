package io.integrationhub.order.validation;

import org.apache.camel.builder.RouteBuilder;
import org.springframework.stereotype.Component;

import io.integrationhub.routes.messaging.Envelope;
import io.integrationhub.routes.templates.HandlerErrors;
import io.integrationhub.routes.templates.HubRouteTemplates;

/**
 * order.replies: every reply addressed to the order service, through the template {@code hub-command-handler}. The
 * JMS session commits after the database transaction, so a crash in between redelivers the reply (and applying it
 * again changes nothing).
 */
@Component
public class OrderRepliesRoute extends RouteBuilder {

    private final OrderValidation validation;

    public OrderRepliesRoute(OrderValidation validation) {
        this.validation = validation;
    }

    @Override
    public void configure() {
        templatedRoute(HubRouteTemplates.COMMAND_HANDLER).routeId("order-replies")
                .parameter("channel", "{{hub.channels.order-replies}}")
                .parameter("schema", "orders")
                .parameter("jmsComponent", "{{hub.order-app.jms-component}}")
                .parameter("messageTypes", "ConsumerValidated,ConsumerValidationFailed,"
                        + "OrderDetailsValidated,OrderDetailsValidationFailed")
                .parameter("concurrentConsumers", "{{hub.order-app.concurrent-consumers}}")
                .parameter("handler", "direct:apply-validation-reply");

        from("direct:apply-validation-reply").routeId("apply-validation-reply").routeConfigurationId(HandlerErrors.ID)
                .description("Validation replies: move the order to VALIDATED or REJECTED, publish its event")
                .process(e -> e.getMessage().setHeader("orderState", validation.apply(
                        Envelope.of(e.getMessage()), e.getMessage().getBody(String.class))))
                .id("apply-reply")
                .log("${header.messageType} for order ${header.aggregateId}: now ${header.orderState}");
    }
}
