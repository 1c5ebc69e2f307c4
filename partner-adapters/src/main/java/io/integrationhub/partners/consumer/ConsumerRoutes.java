package io.integrationhub.partners.consumer;

import java.util.Map;

import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.model.rest.RestParamType;
import org.springframework.stereotype.Component;

import io.integrationhub.partners.PartnerJson;
import io.integrationhub.routes.messaging.HubJmsErrors;
import io.integrationhub.routes.messaging.PoisonMessageException;
import io.integrationhub.routes.rest.HubRestErrors;
import io.integrationhub.routes.rest.ProblemException;
import io.integrationhub.routes.rest.RequestBodies;
import io.integrationhub.routes.rest.RestResponses;

/**
 * The consumer adapter's flows: its REST API and GetConsumer queries (synchronous request/response over JMS: Camel
 * answers to the caller's JMSReplyTo; no side effect, so no outbox). ValidateConsumerInfo commands:
 * {@link ConsumerCommandsRoute}.
 */
@Component
public class ConsumerRoutes extends RouteBuilder {

    private final ConsumerService consumers;
    private final PartnerJson json;
    public ConsumerRoutes(ConsumerService consumers, PartnerJson json) {
        this.consumers = consumers;
        this.json = json;
    }

    @Override
    public void configure() {
        from("{{hub.partner-adapters.jms-component}}:queue:{{hub.channels.consumer-queries}}?concurrentConsumers={{hub.partner-adapters.concurrent-consumers}}")
                .routeId("consumer-queries").routeConfigurationId(HubJmsErrors.ID)
                .description("GetConsumer: answers ConsumerDetails or ConsumerNotFound to the caller's JMSReplyTo")
                .process(this::answerQuery).id("answer-query");

        rest("/partners/api/v1/consumers").description("Consumers (partner API)")
                .post().id("post-consumer").consumes("application/json").produces("application/json")
                    .description("Registers a consumer with a credit limit")
                    .type(ConsumerService.NewConsumer.class)
                    .responseMessage().code(201).message("Created").responseModel(CreatedConsumer.class)
                        .header("Location").description("URL of the consumer").endHeader().endResponseMessage()
                    .responseMessage().code(400).message("Malformed or incomplete request").endResponseMessage()
                    .responseMessage().code(413).message("Body too large").endResponseMessage()
                    .responseMessage().code(415).message("Body is not JSON").endResponseMessage()
                    .to("direct:create-consumer")
                .get("/{consumerId}").id("get-consumer-partner").produces("application/json")
                    .description("Returns a consumer")
                    .outType(ConsumerService.Consumer.class)
                    .param().name("consumerId").type(RestParamType.path).required(true).endParam()
                    .responseMessage().code(200).message("The consumer").endResponseMessage()
                    .responseMessage().code(404).message("Unknown consumer").endResponseMessage()
                    .to("direct:get-consumer-partner");

        from("direct:create-consumer").routeId("create-consumer").routeConfigurationId(HubRestErrors.ID)
                .process(e -> {
                    String id = consumers.create(RequestBodies.read(e, ConsumerService.NewConsumer.class));
                    RestResponses.respond(e, 201, "application/json", json.write(new CreatedConsumer(id)));
                    e.getMessage().setHeader("Location", "/partners/api/v1/consumers/" + id);
                }).id("create-consumer-record");

        from("direct:get-consumer-partner").routeId("get-consumer-partner").routeConfigurationId(HubRestErrors.ID)
                .process(e -> {
                    String id = e.getMessage().getHeader("consumerId", String.class);
                    var consumer = consumers.find(id)
                            .orElseThrow(() -> ProblemException.notFound("Consumer '" + id + "' does not exist."));
                    RestResponses.respond(e, 200, "application/json", json.write(consumer));
                }).id("find-consumer");
    }

    private void answerQuery(Exchange exchange) throws Exception {
        var message = exchange.getMessage();
        if (!ConsumerMessages.GET_CONSUMER.equals(message.getHeader("messageType"))) {
            throw new PoisonMessageException("consumer.queries does not accept messageType '"
                    + message.getHeader("messageType") + "'");
        }
        String consumerId = json.read(message.getBody(String.class), Map.class).get("consumerId").toString();
        var found = consumers.find(consumerId);
        String correlation = message.getHeader("JMSCorrelationID", String.class);
        message.removeHeaders("*", "JMSCorrelationID");
        message.setHeader("messageVersion", "1.0");
        if (found.isPresent()) {
            ConsumerService.Consumer consumer = found.get();
            message.setHeader("messageType", ConsumerMessages.CONSUMER_DETAILS);
            message.setBody(json.write(new ConsumerMessages.ConsumerDetails(consumer.consumerId(), consumer.name(),
                    consumer.creditLimit(), consumer.active())));
        } else {
            message.setHeader("messageType", ConsumerMessages.CONSUMER_NOT_FOUND);
            message.setBody(json.write(new ConsumerMessages.ConsumerNotFound(consumerId)));
        }
        log.debug("GetConsumer {} answered (correlation {})", consumerId, correlation);
    }
}
