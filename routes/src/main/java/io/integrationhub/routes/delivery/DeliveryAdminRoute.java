package io.integrationhub.routes.delivery;

import java.util.List;

import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.model.rest.RestParamType;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.integrationhub.routes.rest.AdminApi;
import io.integrationhub.routes.rest.HubRestErrors;
import io.integrationhub.routes.rest.ProblemException;
import io.integrationhub.routes.rest.RestResponses;

/**
 * Per admin API (operators only, like the dead-letter API): {@code GET <admin>/parked-aggregates?channel=},
 * {@code POST <admin>/parked-aggregates/{aggregateId}/skip?channel=}, {@code GET <admin>/delivery-audit?aggregateId=}
 * and {@code GET <admin>/delivery-audit/alarms}. Each reads the schemas of its own application's templated routes.
 */
public class DeliveryAdminRoute extends RouteBuilder {

    private final Parking parking;
    private final DeliveryAudit audit;
    private final ConsumingRoutes routes;
    private final ObjectMapper json;
    private final List<AdminApi> apis;

    public DeliveryAdminRoute(Parking parking, DeliveryAudit audit, ConsumingRoutes routes, ObjectMapper json,
            List<AdminApi> apis) {
        this.parking = parking;
        this.audit = audit;
        this.routes = routes;
        this.json = json;
        this.apis = apis;
    }

    @Override
    public void configure() {
        for (AdminApi api : apis) {
            String suffix = "-" + api.name();
            rest(api.basePath() + "/parked-aggregates").description("Parked aggregates (operators, " + api.name() + ")")
                .get().id("list-parked-aggregates" + suffix).produces("application/json")
                    .description("Aggregates whose messages wait behind a failed one, with those messages in order")
                    .param().name("channel").type(RestParamType.query).required(false).endParam()
                    .outType(DeliveryViews.ParkedAggregates.class)
                    .responseMessage().code(200).message("The parked aggregates").endResponseMessage()
                    .to("direct:list-parked-aggregates" + suffix)
                .post("/{aggregateId}/skip").id("skip-dead-letter" + suffix).produces("application/json")
                    .description("Drops the dead letter an aggregate waits behind and releases its parked messages "
                            + "in order")
                    .param().name("aggregateId").type(RestParamType.path).required(true).endParam()
                    .param().name("channel").type(RestParamType.query).required(true).endParam()
                    .outType(DeliveryViews.Skipped.class)
                    .responseMessage().code(200).message("Skipped and released").endResponseMessage()
                    .responseMessage().code(400).message("channel missing").endResponseMessage()
                    .responseMessage().code(404).message("The aggregate is not parked on that channel")
                        .endResponseMessage()
                    .responseMessage().code(409).message("Its blocking message is still being redelivered")
                        .endResponseMessage()
                    .to("direct:skip-dead-letter" + suffix);
            rest(api.basePath() + "/delivery-audit").description("Delivery auditor (operators, " + api.name() + ")")
                .get().id("list-delivery-findings" + suffix).produces("application/json")
                    .description("Gaps, duplicates and reorders of aggregateSequence found by the consumers, newest "
                            + "first (at most 500)")
                    .param().name("aggregateId").type(RestParamType.query).required(false).endParam()
                    .outType(DeliveryViews.Findings.class)
                    .responseMessage().code(200).message("The findings").endResponseMessage()
                    .to("direct:list-delivery-findings" + suffix)
                .get("/alarms").id("list-delivery-alarms" + suffix).produces("application/json")
                    .description("Gaps not filled within hub.delivery-audit.gap-alarm-after")
                    .outType(DeliveryViews.Findings.class)
                    .responseMessage().code(200).message("The open alarmed gaps").endResponseMessage()
                    .to("direct:list-delivery-alarms" + suffix);

            from("direct:list-parked-aggregates" + suffix).routeId("list-parked-aggregates" + suffix)
                    .routeConfigurationId(HubRestErrors.ID).process(e -> respond(e, new DeliveryViews.ParkedAggregates(
                            parking.list(routes.schemas(api.jmsComponent()), query(e, "channel")))))
                    .id("read-parked-aggregates" + suffix);
            from("direct:skip-dead-letter" + suffix).routeId("skip-dead-letter" + suffix)
                    .routeConfigurationId(HubRestErrors.ID).process(e -> skip(api, e)).id("skip-and-release" + suffix);
            from("direct:list-delivery-findings" + suffix).routeId("list-delivery-findings" + suffix)
                    .routeConfigurationId(HubRestErrors.ID).process(e -> findings(api, e, query(e, "aggregateId"), false))
                    .id("read-delivery-findings" + suffix);
            from("direct:list-delivery-alarms" + suffix).routeId("list-delivery-alarms" + suffix)
                    .routeConfigurationId(HubRestErrors.ID).process(e -> findings(api, e, null, true))
                    .id("read-delivery-alarms" + suffix);
        }
    }

    private void skip(AdminApi api, Exchange e) throws Exception {
        String channel = query(e, "channel");
        String aggregateId = e.getMessage().getHeader("aggregateId", String.class);
        if (channel == null) {
            throw ProblemException.badRequest("Query parameter 'channel' is required, e.g. channel=kitchen.commands.");
        }
        var parked = parking.list(routes.schemas(api.jmsComponent()), channel).stream()
                .filter(p -> p.aggregateId().equals(aggregateId)).toList();
        if (parked.isEmpty()) {
            throw ProblemException.notFound("Aggregate '" + aggregateId + "' is not parked on " + channel + ".");
        }
        int removed = 0;
        int released = 0;
        String newBlocking = null;
        for (var aggregate : parked) { // one per route consuming the channel (a topic's subscriptions)
            var skipped = parking.skip(routes.route(aggregate.route()), aggregateId);
            removed += skipped.deadLettersRemoved();
            released += skipped.released();
            newBlocking = newBlocking != null ? newBlocking : skipped.newBlockingMessageId();
        }
        respond(e, new DeliveryViews.Skipped(removed, released, newBlocking));
    }

    private void findings(AdminApi api, Exchange e, String aggregateId, boolean alarmedOnly) throws Exception {
        List<String> schemas = routes.schemas(api.jmsComponent());
        var alarmed = audit.findings(schemas, null, true, 500);
        respond(e, new DeliveryViews.Findings(alarmedOnly ? alarmed : audit.findings(schemas, aggregateId, false, 500),
                alarmed.size()));
    }

    private static String query(Exchange e, String name) {
        String value = e.getMessage().getHeader(name, String.class);
        return value == null || value.isBlank() ? null : value;
    }

    private void respond(Exchange e, Object view) throws Exception {
        RestResponses.respond(e, 200, "application/json", json.writeValueAsString(view));
    }
}
