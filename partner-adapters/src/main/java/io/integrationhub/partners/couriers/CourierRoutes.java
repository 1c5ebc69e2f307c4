package io.integrationhub.partners.couriers;

import org.apache.camel.Exchange;
import org.apache.camel.ServiceStatus;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.model.rest.RestParamType;
import org.springframework.stereotype.Component;

import io.integrationhub.partners.PartnerJson;
import io.integrationhub.routes.rest.HubRestErrors;
import io.integrationhub.routes.rest.ProblemException;
import io.integrationhub.routes.rest.RequestBodies;
import io.integrationhub.routes.rest.RestResponses;
import io.integrationhub.routes.templates.HandlerErrors;
import io.integrationhub.routes.templates.HubRouteTemplates;

/**
 * The simulated couriers: per courier, its subscription to delivery.quote.requests (template
 * {@code hub-event-subscriber}: its own shared durable subscription, its own schema's processed messages, poison
 * dead-lettered) and the handler that answers; and the partner API that sets a courier's fault mode
 * ({@code PUT /partners/api/v1/couriers/{courierId}/mode}).
 */
@Component
public class CourierRoutes extends RouteBuilder {

    private final CourierService couriers;
    private final PartnerJson json;

    public CourierRoutes(CourierService couriers, PartnerJson json) {
        this.couriers = couriers;
        this.json = json;
    }

    @Override
    public void configure() {
        for (String courierId : Couriers.ALL) {
            templatedRoute(HubRouteTemplates.EVENT_SUBSCRIBER).routeId(Couriers.route(courierId))
                    .parameter("channel", "{{hub.channels.delivery-quote-requests}}")
                    .parameter("subscriptionName", Couriers.subscription(courierId))
                    .parameter("schema", Couriers.schema(courierId))
                    .parameter("jmsComponent", "{{hub.partner-adapters.jms-component}}")
                    .parameter("messageTypes", CourierMessages.DELIVERY_QUOTE_REQUESTED)
                    .parameter("concurrentConsumers", "{{hub.partner-adapters.concurrent-consumers}}")
                    .parameter("handler", "direct:" + Couriers.handler(courierId));

            from("direct:" + Couriers.handler(courierId)).routeId(Couriers.handler(courierId))
                    .routeConfigurationId(HandlerErrors.ID)
                    .description("Courier " + courierId + " answers a quote request through its outbox")
                    .process(e -> couriers.answer(courierId, e.getMessage())).id("answer-" + courierId + "-quote-request")
                    .log("Courier " + courierId + " answered the quote request ${header.messageId} for order "
                            + "${header.aggregateId}").id("log-" + courierId + "-quote-answered");
        }

        rest("/partners/api/v1/couriers").description("Simulated couriers: fault injection")
                .put("/{courierId}/mode").id("put-courier-mode")
                    .consumes("application/json").produces("application/json").type(CourierMode.class)
                    .outType(CourierMode.class)
                    .description("Sets how a simulated courier answers quote requests: normal, slow (latencyMs), "
                            + "declining (DeliveryQuoteDeclined), or stopped (requests wait in its subscription and "
                            + "are answered when it is set back)")
                    .param().name("courierId").type(RestParamType.path).required(true)
                        .allowableValues(Couriers.ALL).endParam()
                    .responseMessage().code(200).message("The courier's mode now").responseModel(CourierMode.class)
                        .endResponseMessage()
                    .responseMessage().code(400).message("Malformed mode").endResponseMessage()
                    .responseMessage().code(404).message("No such courier").endResponseMessage()
                    .responseMessage().code(413).message("Body too large").endResponseMessage()
                    .responseMessage().code(415).message("Body is not JSON").endResponseMessage()
                    .to("direct:put-courier-mode")
                .get("/{courierId}/mode").id("get-courier-mode").produces("application/json")
                    .outType(CourierMode.class)
                    .description("Shows how a simulated courier answers quote requests")
                    .param().name("courierId").type(RestParamType.path).required(true)
                        .allowableValues(Couriers.ALL).endParam()
                    .responseMessage().code(200).message("The courier's mode").responseModel(CourierMode.class)
                        .endResponseMessage()
                    .responseMessage().code(404).message("No such courier").endResponseMessage()
                    .to("direct:get-courier-mode");

        from("direct:put-courier-mode").routeId("put-courier-mode").routeConfigurationId(HubRestErrors.ID)
                .process(e -> {
                    String courierId = courierId(e);
                    CourierMode mode = RequestBodies.read(e, CourierMode.class).checked();
                    apply(e, courierId, mode);
                    RestResponses.respond(e, 200, "application/json", json.write(mode));
                }).id("set-courier-mode");
        from("direct:get-courier-mode").routeId("get-courier-mode").routeConfigurationId(HubRestErrors.ID)
                .process(e -> RestResponses.respond(e, 200, "application/json",
                        json.write(couriers.mode(courierId(e))))).id("courier-mode");
    }

    /** {@code stopped} stops the courier's subscription route; any other mode makes sure it runs. */
    private void apply(Exchange exchange, String courierId, CourierMode mode) throws Exception {
        var routes = exchange.getContext().getRouteController();
        String route = Couriers.route(courierId);
        couriers.mode(courierId, mode);
        if (mode.is("stopped")) {
            routes.stopRoute(route);
        } else if (routes.getRouteStatus(route) != ServiceStatus.Started) {
            routes.startRoute(route);
        }
    }

    private static String courierId(Exchange exchange) {
        String id = exchange.getMessage().getHeader("courierId", String.class);
        if (!Couriers.ALL.contains(id)) {
            throw ProblemException.notFound("There is no courier '" + id + "' (couriers: "
                    + String.join(", ", Couriers.ALL) + ").");
        }
        return id;
    }
}
