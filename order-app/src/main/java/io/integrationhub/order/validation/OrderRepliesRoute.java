package io.integrationhub.order.validation;

import org.apache.camel.builder.RouteBuilder;
import org.springframework.stereotype.Component;

import io.integrationhub.routes.idempotency.ProcessedMessages;
import io.integrationhub.routes.messaging.Envelope;

/**
 * order.replies: every reply addressed to the order service. The JMS session commits after the database
 * transaction, so a crash in between redelivers the reply (and applying it again changes nothing).
 */
@Component
public class OrderRepliesRoute extends RouteBuilder {

    private final OrderValidation validation;
    private final ProcessedMessages processed;

    public OrderRepliesRoute(OrderValidation validation, ProcessedMessages processed) {
        this.validation = validation;
        this.processed = processed;
    }

    @Override
    public void configure() {
        processed.consumeOnce(from("jms:queue:{{hub.channels.order-replies}}?transacted=true&disableReplyTo=true"
                + "&concurrentConsumers={{hub.order-app.concurrent-consumers}}")
                .routeId("order-replies")
                .description("Validation replies: move the order to VALIDATED or REJECTED, publish its event"), "orders")
                        .otherwise()
                            .process(e -> e.getMessage().setHeader("orderState", validation.apply(
                                    Envelope.of(e.getMessage()).requireMajorVersion(1),
                                    e.getMessage().getBody(String.class))))
                            .id("apply-reply")
                            .log("${header.messageType} for order ${header.aggregateId}: now ${header.orderState}")
                    .end()
                .end();
    }
}
