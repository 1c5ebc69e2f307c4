package io.integrationhub.partners.consumer;

import org.apache.camel.builder.RouteBuilder;
import org.springframework.stereotype.Component;

import io.integrationhub.routes.messaging.Envelope;
import io.integrationhub.routes.templates.HandlerErrors;
import io.integrationhub.routes.templates.HubRouteTemplates;

/**
 * consumer.commands: ValidateConsumerInfo (asynchronous request/response). The template {@code hub-command-handler}
 * checks the envelope and de-duplicates; the handler validates and writes the reply (ConsumerValidated /
 * ConsumerValidationFailed) to the consumer outbox, in the same transaction.
 */
@Component
public class ConsumerCommandsRoute extends RouteBuilder {

    private final ConsumerService consumers;

    public ConsumerCommandsRoute(ConsumerService consumers) {
        this.consumers = consumers;
    }

    @Override
    public void configure() {
        templatedRoute(HubRouteTemplates.COMMAND_HANDLER).routeId("consumer-commands")
                .parameter("channel", "{{hub.channels.consumer-commands}}")
                .parameter("schema", "consumer")
                .parameter("jmsComponent", "{{hub.partner-adapters.jms-component}}")
                .parameter("messageTypes", ConsumerMessages.VALIDATE_CONSUMER_INFO)
                .parameter("concurrentConsumers", "{{hub.partner-adapters.concurrent-consumers}}")
                .parameter("handler", "direct:validate-consumer-info");

        from("direct:validate-consumer-info").routeId("validate-consumer-info")
                .routeConfigurationId(HandlerErrors.ID)
                .description("ValidateConsumerInfo: validate, reply ConsumerValidated/ConsumerValidationFailed via the outbox")
                .process(e -> consumers.validate(Envelope.of(e.getMessage()), e.getMessage().getBody(String.class)))
                .id("validate-consumer");
    }
}
