package io.integrationhub.partners.journeys;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.stream.Stream;

import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.model.rest.RestParamType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.integrationhub.partners.PartnerAdaptersConfiguration;
import io.integrationhub.partners.couriers.Couriers;
import io.integrationhub.routes.journey.DeadLetterReplays;
import io.integrationhub.routes.journey.JourneyEntry;
import io.integrationhub.routes.journey.JourneyQuery;
import io.integrationhub.routes.journey.JourneySource;
import io.integrationhub.routes.journey.DeliveryRecordsJourney;
import io.integrationhub.routes.journey.OutboxJourney;
import io.integrationhub.routes.journey.ProcessedMessagesJourney;
import io.integrationhub.routes.rest.HubRestErrors;
import io.integrationhub.routes.rest.ProblemException;
import io.integrationhub.routes.rest.RestRequests;
import io.integrationhub.routes.rest.RestResponses;

/**
 * {@code GET /partners/api/v1/admin/journeys/{aggregateId}?messageIds=} (operators): what partner-adapters did
 * about one order — each adapter's outbox rows (its replies), its processed-message records of the given messages
 * (the commands order-app sent), the dead letters replayed through its admin API, the ticket and the authorization.
 * order-app's journey reads it over HTTP. The sources are listed here, not as beans: in the embedded mode order-app
 * takes every JourneySource bean of the shared context as its own.
 */
@Component
class PartnerJourneyRoute extends RouteBuilder {

    static final String SERVICE = "partner-adapters";
    /** At most this many messageIds per request (the commands of one order are a few dozen). */
    static final int MAX_MESSAGE_IDS = 500;

    private final List<JourneySource> sources = new ArrayList<>();
    private final ObjectMapper json;

    PartnerJourneyRoute(JdbcTemplate jdbc, ObjectMapper json) {
        this.json = json;
        List<String> schemas = Stream.concat(Stream.of("consumer", "restaurant", "kitchen", "accounting",
                "notification"), Couriers.ALL.stream().map(Couriers::schema)).toList();
        for (String schema : schemas) {
            sources.add(new OutboxJourney(jdbc, schema, SERVICE));
            sources.add(new ProcessedMessagesJourney(jdbc, schema, SERVICE));
            sources.add(new DeliveryRecordsJourney(jdbc, schema, SERVICE));
        }
        sources.add(new DeadLetterReplays(jdbc, PartnerAdaptersConfiguration.REPLAY_LOG_SCHEMA, SERVICE));
        sources.add(new PartnerRecordsJourney(jdbc));
    }

    @Override
    public void configure() {
        rest("/partners/api/v1/admin/journeys").description("Message journeys, partner side (operators)")
            .get("/{aggregateId}").id("get-partner-journey").produces("application/json")
                .description("What partner-adapters did about one order: its outbox rows, processed-message "
                        + "records of the given messages, dead letters replayed, the ticket and the authorization")
                .param().name("aggregateId").type(RestParamType.path).required(true)
                    .description("The order's id").endParam()
                .param().name("messageIds").type(RestParamType.query).required(false)
                    .description("Comma-separated messageIds whose processing to look up (at most "
                            + MAX_MESSAGE_IDS + ")").endParam()
                .responseMessage().code(200).message("The partner side of the journey").responseModel(PartnerJourneyView.class)
                    .endResponseMessage()
                .responseMessage().code(400).message("Too many messageIds (problem+json)").endResponseMessage()
                .to("direct:get-partner-journey");

        from("direct:get-partner-journey").routeId("get-partner-journey").routeConfigurationId(HubRestErrors.ID)
                .description("GET /partners/api/v1/admin/journeys/{aggregateId}").process(this::journey)
                .id("partner-journey-of-order");
    }

    private void journey(Exchange exchange) throws Exception {
        String aggregateId = exchange.getMessage().getHeader("aggregateId", String.class);
        String ids = RestRequests.query(exchange, "messageIds");
        LinkedHashSet<String> messageIds = new LinkedHashSet<>();
        if (ids != null) {
            Arrays.stream(ids.split(",")).map(String::trim).filter(id -> !id.isEmpty()).forEach(messageIds::add);
        }
        if (messageIds.size() > MAX_MESSAGE_IDS) {
            throw ProblemException.badRequest("At most " + MAX_MESSAGE_IDS + " messageIds.");
        }
        JourneyQuery query = new JourneyQuery(aggregateId, messageIds);
        List<JourneyEntry> entries = new ArrayList<>();
        for (JourneySource source : sources) {
            entries.addAll(source.entries(query));
        }
        RestResponses.respond(exchange, 200, "application/json",
                json.writeValueAsString(new PartnerJourneyView(aggregateId, JourneyEntry.inJourneyOrder(entries))));
    }
}
