package io.integrationhub.order.saga;

import org.apache.camel.builder.RouteBuilder;
import org.springframework.stereotype.Component;

import io.integrationhub.routes.messaging.Envelope;
import io.integrationhub.routes.templates.HandlerErrors;
import io.integrationhub.routes.templates.HubRouteTemplates;

/**
 * order.replies: every reply addressed to the order service, through the template {@code hub-command-handler},
 * applied to its saga by correlation ({@link SagaOrchestrator#onReply}). The JMS session commits after the database
 * transaction, so a crash in between redelivers the reply — and the step it answers is then already answered.
 */
@Component
public class OrderRepliesRoute extends RouteBuilder {

    private final SagaOrchestrator sagas;

    public OrderRepliesRoute(SagaOrchestrator sagas) {
        this.sagas = sagas;
    }

    @Override
    public void configure() {
        templatedRoute(HubRouteTemplates.COMMAND_HANDLER).routeId("order-replies")
                .parameter("channel", "{{hub.channels.order-replies}}")
                .parameter("schema", "orders")
                .parameter("jmsComponent", "{{hub.order-app.jms-component}}")
                .parameter("messageTypes", String.join(",", sagas.replyTypes()))
                .parameter("concurrentConsumers", "{{hub.order-app.concurrent-consumers}}")
                .parameter("handler", "direct:apply-saga-reply");

        from("direct:apply-saga-reply").routeId("apply-saga-reply").routeConfigurationId(HandlerErrors.ID)
                .description("A reply to a saga command: matched by JMSCorrelationID to its saga and step, applied in "
                        + "the consuming transaction")
                .process(e -> sagas.onReply(Envelope.of(e.getMessage()), e.getMessage().getBody(String.class)))
                .id("apply-reply")
                .log("${header.messageType} for order ${header.aggregateId} (saga ${header.sagaId}) applied")
                        .id("log-reply-applied");
    }
}
