package io.integrationhub.routes.outbox;

import java.util.List;

import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.integrationhub.routes.rest.HubRestErrors;

/**
 * {@code GET <admin base path>/outbox}, e.g. /api/v1/admin/outbox (operators only, see HubSecurityConfiguration): per outbox of this process, the
 * backlog, the age of the oldest unpublished row, whether this instance is the active relay and how many rows it
 * relayed. The same numbers as the {@code hub.outbox.*} metrics, for a human with curl.
 */
public class OutboxAdminRoute extends RouteBuilder {

    private final OutboxRelays relays;
    private final ObjectMapper json;
    private final List<io.integrationhub.routes.rest.AdminApi> apis;

    public OutboxAdminRoute(OutboxRelays relays, ObjectMapper json, List<io.integrationhub.routes.rest.AdminApi> apis) {
        this.relays = relays;
        this.json = json;
        this.apis = apis;
    }

    @Override
    public void configure() {
        for (var api : apis) {
            rest(api.basePath() + "/outbox").description("Outbox lag (operators, " + api.name() + ")")
                .get().id("get-outbox-status-" + api.name()).produces("application/json")
                    .description("Backlog, oldest unpublished age and relay state of every outbox of this process")
                    .responseMessage().code(200).message("One entry per outbox").responseModel(OutboxStatus.class)
                        .endResponseMessage()
                    .to("direct:outbox-status-" + api.name());
            from("direct:outbox-status-" + api.name()).routeId("outbox-status-" + api.name())
                    .routeConfigurationId(HubRestErrors.ID).process(this::status).id("report-outboxes-" + api.name());
        }
    }

    private void status(Exchange exchange) throws Exception {
        List<OutboxStatus.Outbox> outboxes = relays.relays().stream().map(relay -> {
            OutboxLag.Snapshot lag = relay.lag().read();
            return new OutboxStatus.Outbox(relay.schema(), lag.backlog(), lag.oldestAgeSeconds(), relay.isActive(),
                    relay.publishedCount(), lag.held());
        }).toList();
        exchange.getMessage().removeHeaders("*");
        exchange.getMessage().setHeader(Exchange.CONTENT_TYPE, "application/json");
        exchange.getMessage().setBody(json.writeValueAsString(new OutboxStatus(outboxes)));
    }
}
