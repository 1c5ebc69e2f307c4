package io.integrationhub.routes.outbox;

import java.util.List;

import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.model.rest.RestParamType;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.integrationhub.routes.rest.AdminApi;
import io.integrationhub.routes.rest.HubRestErrors;
import io.integrationhub.routes.rest.ProblemException;

/**
 * Operators' view of the rows the broker refused for good ({@link OutboxHeldRows}):
 * {@code GET <admin base path>/outbox/{outbox}/held} lists them with the broker's reason,
 * {@code POST <admin base path>/outbox/{outbox}/held/{id}/release} hands one back to the relay once the cause is fixed
 * (the broker's permissions, the address); a row that should never go out is deleted with SQL, on purpose.
 */
public class OutboxHeldRowsRoute extends RouteBuilder {

    /** Held rows are few by nature (each one stops its aggregate); a page of this many is all an operator needs. */
    static final int LIST_LIMIT = 100;

    private final OutboxRelays relays;
    private final ObjectMapper json;
    private final List<AdminApi> apis;

    public OutboxHeldRowsRoute(OutboxRelays relays, ObjectMapper json, List<AdminApi> apis) {
        this.relays = relays;
        this.json = json;
        this.apis = apis;
    }

    @Override
    public void configure() {
        for (AdminApi api : apis) {
            rest(api.basePath() + "/outbox").description("Outbox rows the broker refuses (operators, " + api.name() + ")")
                .get("/{outbox}/held").id("list-held-outbox-rows-" + api.name()).produces("application/json")
                    .description("The rows of an outbox the broker refused for good, oldest first (at most "
                            + LIST_LIMIT + "), with the broker's reason")
                    .param().name("outbox").type(RestParamType.path).required(true)
                        .description("The outbox: its service schema, e.g. orders").endParam()
                    .responseMessage().code(200).message("The held rows").responseModel(HeldOutboxRows.class)
                        .endResponseMessage()
                    .responseMessage().code(404).message("No such outbox in this process (problem+json)")
                        .endResponseMessage()
                    .to("direct:list-held-outbox-rows-" + api.name())
                .post("/{outbox}/held/{id}/release").id("release-held-outbox-row-" + api.name())
                    .produces("application/json")
                    .description("Hands a held row back to the relay once its cause is fixed: it goes out first, "
                            + "then the rows of its aggregate that waited behind it")
                    .param().name("outbox").type(RestParamType.path).required(true)
                        .description("The outbox: its service schema, e.g. orders").endParam()
                    .param().name("id").type(RestParamType.path).required(true).dataType("integer")
                        .description("The held row's id").endParam()
                    .responseMessage().code(200).message("Released").responseModel(HeldOutboxRow.class)
                        .endResponseMessage()
                    .responseMessage().code(404).message("No such outbox, or no held row of that id (problem+json)")
                        .endResponseMessage()
                    .to("direct:release-held-outbox-row-" + api.name());
            from("direct:list-held-outbox-rows-" + api.name()).routeId("list-held-outbox-rows-" + api.name())
                    .routeConfigurationId(HubRestErrors.ID).process(this::list).id("list-held-rows-" + api.name());
            from("direct:release-held-outbox-row-" + api.name()).routeId("release-held-outbox-row-" + api.name())
                    .routeConfigurationId(HubRestErrors.ID).process(this::release).id("release-held-row-" + api.name());
        }
    }

    private void list(Exchange exchange) throws Exception {
        OutboxRelay relay = relay(exchange);
        respond(exchange, new HeldOutboxRows(relay.schema(), relay.heldRows().list(LIST_LIMIT)));
    }

    private void release(Exchange exchange) throws Exception {
        OutboxRelay relay = relay(exchange);
        String id = exchange.getMessage().getHeader("id", String.class);
        HeldOutboxRow released = (id != null && id.matches("[0-9]{1,18}")
                ? relay.heldRows().release(Long.parseLong(id)) : java.util.Optional.<HeldOutboxRow>empty())
                .orElseThrow(() -> ProblemException.notFound("Outbox " + relay.schema() + " holds no row '" + id
                        + "'. GET its held rows to see which are."));
        log.info("Outbox {}: row {} ({} to {}) released by an operator", relay.schema(), released.id(),
                released.messageType(), released.destination());
        respond(exchange, released);
    }

    private OutboxRelay relay(Exchange exchange) {
        String outbox = exchange.getMessage().getHeader("outbox", String.class);
        return relays.relays().stream().filter(relay -> relay.schema().equals(outbox)).findFirst()
                .orElseThrow(() -> ProblemException.notFound("No outbox '" + outbox + "' in this process. GET "
                        + "<admin base path>/outbox lists them."));
    }

    private void respond(Exchange exchange, Object body) throws Exception {
        exchange.getMessage().removeHeaders("*");
        exchange.getMessage().setHeader(Exchange.CONTENT_TYPE, "application/json");
        exchange.getMessage().setBody(json.writeValueAsString(body));
    }
}
