package io.integrationhub.order.consumers;

import java.util.Map;
import java.util.UUID;

import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.model.rest.RestParamType;
import org.springframework.stereotype.Component;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.integrationhub.routes.messaging.TraceParent;
import io.integrationhub.routes.rest.HubRestErrors;
import io.integrationhub.routes.rest.ProblemException;
import io.integrationhub.routes.rest.RestRequests;
import io.integrationhub.routes.rest.RestResponses;

/**
 * {@code GET /api/v1/consumers/{id}}: GetConsumer InOut on consumer.queries with a request timeout. The reply queue is
 * Camel's temporary queue (one per producer, replies correlated by JMSCorrelationID): the fastest type measured here
 * (4–9 ms; a shared fixed reply queue adds up to its receiveTimeout). A timeout answers 504, never a hanging thread.
 */
@Component
public class ConsumerQueryRoute extends RouteBuilder {

    private final ObjectMapper json;

    public ConsumerQueryRoute(ObjectMapper json) {
        this.json = json;
    }

    @Override
    public void configure() {
        rest("/api/v1/consumers").description("Consumers, asked of the consumer service synchronously over JMS")
                .get("/{consumerId}").id("get-consumer").produces("application/json")
                    .description("Returns a consumer, asked of the consumer service over JMS request/reply")
                    .param().name("consumerId").type(RestParamType.path).required(true).endParam()
                    .responseMessage().code(200).message("The consumer").responseModel(ConsumerDetails.class)
                        .endResponseMessage()
                    .responseMessage().code(404).message("Unknown consumer (problem+json)").endResponseMessage()
                    .responseMessage().code(504).message("The consumer service did not answer in time (problem+json)").endResponseMessage()
                    .to("direct:get-consumer");

        from("direct:get-consumer").routeId("get-consumer").routeConfigurationId(HubRestErrors.ID)
                .description("GetConsumer over JMS request/reply with a timeout")
                .process(e -> {
                    String consumerId = e.getMessage().getHeader("consumerId", String.class);
                    e.setProperty("consumerId", consumerId);
                    // the request URI must not travel as a JMS property; problem responses still name it
                    e.setProperty(HubRestErrors.REQUEST_URI, e.getMessage().getHeader(org.apache.camel.Exchange.HTTP_URI));
                    String trace = TraceParent.continueOrStart(RestRequests.header(e, "traceparent"));
                    // nothing of the HTTP request travels as a JMS property: only the envelope (asyncapi.yaml)
                    e.getMessage().removeHeaders("*");
                    e.getMessage().setHeader("messageId", UUID.randomUUID().toString());
                    e.getMessage().setHeader("messageType", "GetConsumer");
                    e.getMessage().setHeader("messageVersion", "1.0");
                    e.getMessage().setHeader("aggregateType", "Consumer");
                    e.getMessage().setHeader("aggregateId", consumerId);
                    e.getMessage().setHeader("traceparent", trace);
                    e.getMessage().setBody(json.writeValueAsString(Map.of("consumerId", consumerId)));
                }).id("get-consumer-request")
                // a timeout (ExchangeTimedOutException) becomes a 504 problem in the hub-rest route configuration
                .to("{{hub.order-app.jms-component}}:queue:{{hub.channels.consumer-queries}}?exchangePattern=InOut"
                        + "&requestTimeout={{hub.order-app.consumer-query-timeout}}").id("ask-consumer-service")
                .log(org.apache.camel.LoggingLevel.DEBUG, "GetConsumer answered (JMSCorrelationID ${header.JMSCorrelationID})")
                .id("log-answered")
                .process(e -> {
                    String consumerId = e.getProperty("consumerId", String.class);
                    if ("ConsumerNotFound".equals(e.getMessage().getHeader("messageType"))) {
                        throw ProblemException.notFound("Consumer '" + consumerId + "' does not exist.");
                    }
                    RestResponses.respond(e, 200, "application/json", e.getMessage().getBody(String.class));
                }).id("answer-consumer-or-404");
    }
}
