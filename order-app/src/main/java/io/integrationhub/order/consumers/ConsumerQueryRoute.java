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

    static final String ASK_CONSUMER = "direct:ask-consumer";
    /** Exchange properties {@value #ASK_CONSUMER} reads: the consumer asked for, the trace, an optional timeout. */
    static final String CONSUMER_ID = "consumerId";
    static final String TRACE_PARENT = "hubTraceParent";
    static final String TIMEOUT_MS = "hubConsumerQueryTimeoutMs";

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
                .description("GET /api/v1/consumers/{id}: GetConsumer over JMS request/reply with a timeout")
                .process(e -> {
                    String consumerId = e.getMessage().getHeader("consumerId", String.class);
                    e.setProperty(CONSUMER_ID, consumerId);
                    // the request URI must not travel as a JMS property; problem responses still name it
                    e.setProperty(HubRestErrors.REQUEST_URI, e.getMessage().getHeader(org.apache.camel.Exchange.HTTP_URI));
                    e.setProperty(TRACE_PARENT, TraceParent.continueOrStart(RestRequests.header(e, "traceparent")));
                }).id("get-consumer-request")
                // a timeout (ExchangeTimedOutException) becomes a 504 problem in the hub-rest route configuration
                .to(ASK_CONSUMER).id("ask-consumer-service")
                .process(e -> {
                    String consumerId = e.getProperty(CONSUMER_ID, String.class);
                    if (isNotFound(e)) {
                        throw ProblemException.notFound("Consumer '" + consumerId + "' does not exist.");
                    }
                    RestResponses.respond(e, 200, "application/json", e.getMessage().getBody(String.class));
                }).id("answer-consumer-or-404");

        // the one path to the consumer service, for REST and gRPC (ConsumerQueryGrpcRoute) alike
        from(ASK_CONSUMER).routeId("ask-consumer")
                // a failure (the timeout) is the caller's to answer, as a 504 or DEADLINE_EXCEEDED, without a log here
                .errorHandler(noErrorHandler())
                .description("GetConsumer InOut on consumer.queries: the reply, or ExchangeTimedOutException")
                .process(e -> {
                    String consumerId = e.getProperty(CONSUMER_ID, String.class);
                    // nothing of the caller's request travels as a JMS property: only the envelope (asyncapi.yaml)
                    e.getMessage().removeHeaders("*");
                    e.getMessage().setHeader("messageId", UUID.randomUUID().toString());
                    e.getMessage().setHeader("messageType", "GetConsumer");
                    e.getMessage().setHeader("messageVersion", "1.0");
                    e.getMessage().setHeader("aggregateType", "Consumer");
                    e.getMessage().setHeader("aggregateId", consumerId);
                    e.getMessage().setHeader("traceparent", e.getProperty(TRACE_PARENT, String.class));
                    // a caller with a shorter deadline (a gRPC call) waits only that long; camel-jms reads the header
                    Long timeoutMs = e.getProperty(TIMEOUT_MS, Long.class);
                    if (timeoutMs != null) {
                        e.getMessage().setHeader(org.apache.camel.component.jms.JmsConstants.JMS_REQUEST_TIMEOUT,
                                timeoutMs);
                    }
                    e.getMessage().setBody(json.writeValueAsString(Map.of("consumerId", consumerId)));
                }).id("build-get-consumer")
                .to("{{hub.order-app.jms-component}}:queue:{{hub.channels.consumer-queries}}?exchangePattern=InOut"
                        + "&requestTimeout={{hub.order-app.consumer-query-timeout}}").id("to-consumer-queries")
                .log(org.apache.camel.LoggingLevel.DEBUG, "GetConsumer answered (JMSCorrelationID ${header.JMSCorrelationID})")
                .id("log-answered");
    }

    /** Whether the consumer service answered that it does not know the consumer. */
    static boolean isNotFound(org.apache.camel.Exchange answered) {
        return "ConsumerNotFound".equals(answered.getMessage().getHeader("messageType"));
    }
}
