package io.integrationhub.order.journeys;

import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.model.rest.RestParamType;
import org.springframework.stereotype.Component;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.integrationhub.routes.rest.HubRestErrors;
import io.integrationhub.routes.rest.ProblemException;
import io.integrationhub.routes.rest.RestRequests;
import io.integrationhub.routes.rest.RestResponses;

/**
 * {@code GET /api/v1/admin/journeys/{orderId}} and {@code GET /api/v1/admin/journeys?messageId=|correlationId=|
 * traceId=} (operators, with the rest of /api/v1/admin): everything that happened to one order across both services.
 */
@Component
class JourneyAdminRoute extends RouteBuilder {

    private static final String JSON = "application/json";

    private final JourneyService journeys;
    private final ObjectMapper json;

    JourneyAdminRoute(JourneyService journeys, ObjectMapper json) {
        this.journeys = journeys;
        this.json = json;
    }

    @Override
    public void configure() {
        rest("/api/v1/admin/journeys").description("Message journeys (operators)")
            .get("/{orderId}").id("get-journey").produces(JSON)
                .description("Everything that happened to the order, oldest first: outbox rows (written, published, "
                        + "by which relay), what the broker holds (queued, dead-lettered), dead letters replayed, "
                        + "processed-message records, saga steps and replies, state changes, and partner-adapters' "
                        + "tickets, authorizations and messages")
                .param().name("orderId").type(RestParamType.path).required(true).endParam()
                .responseMessage().code(200).message("The journey").responseModel(JourneyView.class)
                    .endResponseMessage()
                .responseMessage().code(404).message("No such order (problem+json)").endResponseMessage()
                .to("direct:get-journey")
            .get().id("find-journey").produces(JSON)
                .description("The journey of the order a message, a correlation id or a trace belongs to")
                .param().name("messageId").type(RestParamType.query).required(false).endParam()
                .param().name("correlationId").type(RestParamType.query).required(false).endParam()
                .param().name("traceId").type(RestParamType.query).required(false)
                    .description("32 hex digits (the trace id of a W3C traceparent)").endParam()
                .responseMessage().code(200).message("The journey").responseModel(JourneyView.class)
                    .endResponseMessage()
                .responseMessage().code(400).message("None of the parameters, or a malformed one (problem+json)")
                    .endResponseMessage()
                .responseMessage().code(404).message("No order known for it (problem+json)").endResponseMessage()
                .to("direct:find-journey");

        from("direct:get-journey").routeId("get-journey").routeConfigurationId(HubRestErrors.ID)
                .description("GET /api/v1/admin/journeys/{orderId}").process(this::byOrder).id("journey-of-order");
        from("direct:find-journey").routeId("find-journey").routeConfigurationId(HubRestErrors.ID)
                .description("GET /api/v1/admin/journeys?messageId=|correlationId=|traceId=").process(this::find)
                .id("journey-of-message");
    }

    private void byOrder(Exchange exchange) throws Exception {
        String id = exchange.getMessage().getHeader("orderId", String.class);
        if (id == null || !id.matches("[0-9]{1,18}") || !journeys.exists(Long.parseLong(id))) {
            throw ProblemException.notFound("Order '" + id + "' does not exist.");
        }
        respond(exchange, journeys.journey(Long.parseLong(id)));
    }

    private void find(Exchange exchange) throws Exception {
        String messageId = RestRequests.query(exchange, "messageId");
        String correlationId = RestRequests.query(exchange, "correlationId");
        String traceId = RestRequests.query(exchange, "traceId");
        if (messageId == null && correlationId == null && traceId == null) {
            throw ProblemException.badRequest("Give one of 'messageId', 'correlationId' or 'traceId'.");
        }
        if (traceId != null && !traceId.matches("[0-9a-f]{32}")) {
            throw ProblemException.badRequest("'traceId' must be 32 lower-case hex digits.");
        }
        long orderId = journeys.orderOf(messageId, correlationId, traceId).orElseThrow(() ->
                ProblemException.notFound("No order is known for that message, correlation id or trace."));
        respond(exchange, journeys.journey(orderId));
    }

    private void respond(Exchange exchange, JourneyView journey) throws Exception {
        RestResponses.respond(exchange, 200, JSON, json.writeValueAsString(journey));
    }
}
