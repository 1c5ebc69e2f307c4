package io.integrationhub.partners.kitchen;

import java.util.Optional;
import java.util.regex.Pattern;

import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.model.rest.RestParamType;
import org.springframework.stereotype.Component;

import io.integrationhub.partners.PartnerJson;
import io.integrationhub.routes.rest.HubRestErrors;
import io.integrationhub.routes.rest.ProblemException;
import io.integrationhub.routes.rest.RequestBodies;
import io.integrationhub.routes.rest.RestResponses;

/**
 * The kitchen adapter's REST API: each kitchen's acceptance of orders (the business refusal a partner or a test can
 * switch on), the tickets, and the kitchen's own steps on a ticket (accept, start preparing — refused while a cancel or
 * revise saga holds its semantic lock). The kitchen.commands route is YAML: hub-routes/partner-adapters/kitchen.camel.yaml.
 */
@Component
public class KitchenRoutes extends RouteBuilder {

    /** What a restaurant id may be: the kitchen keeps it in a varchar(64) and in URLs. */
    private static final Pattern RESTAURANT_ID = Pattern.compile("[A-Za-z0-9._~-]{1,64}");

    private final KitchenService kitchen;
    private final PartnerJson json;

    public KitchenRoutes(KitchenService kitchen, PartnerJson json) {
        this.kitchen = kitchen;
        this.json = json;
    }

    @Override
    public void configure() {
        rest("/partners/api/v1/kitchens").description("Kitchens (partner API)")
                .get("/{restaurantId}").id("get-kitchen").produces("application/json")
                    .description("Whether a restaurant's kitchen accepts orders (a kitchen never set does)")
                    .outType(Kitchen.class)
                    .param().name("restaurantId").type(RestParamType.path).required(true).endParam()
                    .responseMessage().code(200).message("The kitchen").endResponseMessage()
                    .responseMessage().code(400).message("Not a restaurant id (1 to 64 letters, digits, . _ ~ -)")
                        .endResponseMessage()
                    .to("direct:find-kitchen")
                .put("/{restaurantId}").id("put-kitchen").consumes("application/json").produces("application/json")
                    .description("Lets a restaurant's kitchen stop or resume accepting orders: while it does not, "
                            + "CreateTicket is answered TicketCreationFailed")
                    .type(KitchenSetting.class)
                    .outType(Kitchen.class)
                    .param().name("restaurantId").type(RestParamType.path).required(true).endParam()
                    .responseMessage().code(200).message("The kitchen now").endResponseMessage()
                    .responseMessage().code(400).message("Malformed or incomplete request, or not a restaurant id")
                        .endResponseMessage()
                    .responseMessage().code(413).message("Body too large").endResponseMessage()
                    .responseMessage().code(415).message("Body is not JSON").endResponseMessage()
                    .to("direct:set-kitchen");

        rest("/partners/api/v1/tickets").description("Kitchen tickets (partner API)")
                .get("/{orderId}").id("get-ticket").produces("application/json")
                    .description("The kitchen's ticket of an order, or what the kitchen answered instead")
                    .outType(TicketView.class)
                    .param().name("orderId").type(RestParamType.path).required(true).endParam()
                    .responseMessage().code(200).message("The ticket").endResponseMessage()
                    .responseMessage().code(404).message("The kitchen has no ticket for this order").endResponseMessage()
                    .to("direct:find-ticket")
                .post("/{orderId}/accept").id("accept-ticket").produces("application/json")
                    .description("The kitchen accepts the ticket (AWAITING_ACCEPTANCE → ACCEPTED; again: unchanged)")
                    .outType(TicketView.class)
                    .param().name("orderId").type(RestParamType.path).required(true).endParam()
                    .responseMessage().code(200).message("The ticket now").endResponseMessage()
                    .responseMessage().code(404).message("The kitchen has no ticket for this order").endResponseMessage()
                    .responseMessage().code(409).message("Not in a state to accept (the detail names it), e.g. while "
                            + "a cancellation or revision is pending").endResponseMessage()
                    .to("direct:accept-ticket")
                .post("/{orderId}/preparing").id("prepare-ticket").produces("application/json")
                    .description("The kitchen starts preparing the order (ACCEPTED → PREPARING; again: unchanged); "
                            + "from then on the order can be neither cancelled nor revised")
                    .outType(TicketView.class)
                    .param().name("orderId").type(RestParamType.path).required(true).endParam()
                    .responseMessage().code(200).message("The ticket now").endResponseMessage()
                    .responseMessage().code(404).message("The kitchen has no ticket for this order").endResponseMessage()
                    .responseMessage().code(409).message("Not ACCEPTED (the detail names its state), e.g. while a "
                            + "cancellation or revision is pending").endResponseMessage()
                    .to("direct:prepare-ticket");

        from("direct:find-kitchen").routeId("find-kitchen").routeConfigurationId(HubRestErrors.ID)
                .process(e -> RestResponses.respond(e, 200, "application/json",
                        json.write(kitchen.kitchen(restaurantId(e))))).id("kitchen-setting");

        from("direct:set-kitchen").routeId("set-kitchen").routeConfigurationId(HubRestErrors.ID)
                .process(e -> {
                    String restaurantId = restaurantId(e);
                    KitchenSetting setting = RequestBodies.read(e, KitchenSetting.class);
                    RestResponses.respond(e, 200, "application/json",
                            json.write(kitchen.acceptOrders(restaurantId, setting.acceptingOrders())));
                }).id("change-kitchen-setting");

        from("direct:find-ticket").routeId("find-ticket").routeConfigurationId(HubRestErrors.ID)
                .process(e -> {
                    String orderId = e.getMessage().getHeader("orderId", String.class);
                    Ticket ticket = kitchen.ticket(orderId).orElseThrow(() -> ProblemException.notFound(
                            "The kitchen has no ticket for order '" + orderId + "'."));
                    RestResponses.respond(e, 200, "application/json", json.write(TicketView.of(ticket)));
                }).id("ticket-of-order");

        from("direct:accept-ticket").routeId("accept-ticket").routeConfigurationId(HubRestErrors.ID)
                .description("POST /partners/api/v1/tickets/{orderId}/accept")
                .process(e -> respond(e, kitchen.accept(orderId(e)), orderId(e))).id("accept-order-ticket");

        from("direct:prepare-ticket").routeId("prepare-ticket").routeConfigurationId(HubRestErrors.ID)
                .description("POST /partners/api/v1/tickets/{orderId}/preparing")
                .process(e -> respond(e, kitchen.startPreparing(orderId(e)), orderId(e))).id("start-preparing");
    }

    private void respond(Exchange exchange, Optional<KitchenService.StepOutcome> outcome, String orderId) {
        KitchenService.StepOutcome step = outcome.orElseThrow(() -> ProblemException.notFound(
                "The kitchen has no ticket for order '" + orderId + "'."));
        if (step.refusal() != null) {
            throw ProblemException.conflict(step.refusal());
        }
        RestResponses.respond(exchange, 200, "application/json", json.write(TicketView.of(step.ticket())));
    }

    private static String orderId(Exchange exchange) {
        return exchange.getMessage().getHeader("orderId", String.class);
    }

    private static String restaurantId(Exchange exchange) {
        String id = exchange.getMessage().getHeader("restaurantId", String.class);
        if (id == null || !RESTAURANT_ID.matcher(id).matches()) {
            throw ProblemException.badRequest("'restaurantId' must be 1 to 64 letters, digits or . _ ~ -.");
        }
        return id;
    }
}
