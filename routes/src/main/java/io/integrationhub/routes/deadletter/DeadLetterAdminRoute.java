package io.integrationhub.routes.deadletter;

import jakarta.jms.ConnectionFactory;

import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.jms.JmsComponent;
import org.apache.camel.model.rest.RestParamType;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.integrationhub.routes.messaging.Channels;
import io.integrationhub.routes.rest.HubRestErrors;
import io.integrationhub.routes.rest.RestResponses;

/**
 * {@code GET /api/v1/admin/dead-letters?channel=}, {@code POST /api/v1/admin/dead-letters/{id}/replay?channel=} and
 * {@code POST /api/v1/admin/dead-letters/replay?channel=} (all of a channel). Operators only (HubSecurityConfiguration).
 * Each admin API reads the broker as its own application's user (its JMS component's connection factory): order-app's
 * operators see the dead letters of the channels order-app consumes, and so on, as broker.xml allows.
 */
public class DeadLetterAdminRoute extends RouteBuilder {

    private final Channels channels;
    private final ObjectMapper json;
    private final java.util.List<io.integrationhub.routes.rest.AdminApi> apis;
    private final org.springframework.jdbc.core.JdbcTemplate jdbc;

    /** @param jdbc writes each API's replay log (AdminApi#replayLogSchema); null: no log */
    public DeadLetterAdminRoute(Channels channels, ObjectMapper json,
            java.util.List<io.integrationhub.routes.rest.AdminApi> apis, org.springframework.jdbc.core.JdbcTemplate jdbc) {
        this.jdbc = jdbc;
        this.channels = channels;
        this.json = json;
        this.apis = apis;
    }

    @Override
    public void configure() {
        // one set of routes per admin path: REST routes are inlined with their direct: route, so none is shared
        for (var api : apis) {
            String suffix = "-" + api.name();
            DeadLetters deadLetters = new DeadLetters(connectionFactory(api), channels,
                    jdbc == null || api.replayLogSchema() == null ? null
                            : new io.integrationhub.routes.journey.DeadLetterReplays(jdbc, api.replayLogSchema(),
                                    api.name()));
            rest(api.basePath() + "/dead-letters").description("Dead letters (operators, " + api.name() + ")")
                .get().id("list-dead-letters" + suffix).produces("application/json")
                    .description("Dead letters of a channel with reason and age")
                    .param().name("channel").type(RestParamType.query).required(true).endParam()
                    .outType(DeadLetterViews.Listing.class)
                    .responseMessage().code(200).message("The channel's dead letters").endResponseMessage()
                    .responseMessage().code(400).message("channel missing").endResponseMessage()
                    .responseMessage().code(404).message("No such channel").endResponseMessage()
                    .to("direct:list-dead-letters" + suffix)
                .post("/replay").id("replay-dead-letters" + suffix).produces("application/json")
                    .description("Sends every dead letter of a channel back to it")
                    .param().name("channel").type(RestParamType.query).required(true).endParam()
                    .outType(DeadLetterViews.Replayed.class)
                    .responseMessage().code(200).message("How many went back").endResponseMessage()
                    .responseMessage().code(400).message("channel missing").endResponseMessage()
                    .responseMessage().code(404).message("No such channel").endResponseMessage()
                    .to("direct:replay-dead-letters" + suffix)
                .post("/{id}/replay").id("replay-dead-letter" + suffix).produces("application/json")
                    .description("Sends one dead letter back to its channel")
                    .param().name("id").type(RestParamType.path).required(true).endParam()
                    .param().name("channel").type(RestParamType.query).required(true).endParam()
                    .outType(DeadLetterViews.Replayed.class)
                    .responseMessage().code(200).message("It went back").endResponseMessage()
                    .responseMessage().code(400).message("channel missing").endResponseMessage()
                    .responseMessage().code(404).message("No such channel, or no such dead letter in it")
                        .endResponseMessage()
                    .responseMessage().code(422).message("The dead letter cannot be replayed (an object or stream "
                            + "message)").endResponseMessage()
                    .to("direct:replay-dead-letter" + suffix);

            from("direct:list-dead-letters" + suffix).routeId("list-dead-letters" + suffix)
                    .routeConfigurationId(HubRestErrors.ID).process(e -> list(deadLetters, e))
                            .id("list-dead-letter-queue" + suffix);
            from("direct:replay-dead-letters" + suffix).routeId("replay-dead-letters" + suffix)
                    .routeConfigurationId(HubRestErrors.ID).process(e -> replayAll(deadLetters, e))
                            .id("replay-all-to-channel" + suffix);
            from("direct:replay-dead-letter" + suffix).routeId("replay-dead-letter" + suffix)
                    .routeConfigurationId(HubRestErrors.ID).process(e -> replayOne(deadLetters, e))
                            .id("replay-one-to-channel" + suffix);
        }
    }

    private ConnectionFactory connectionFactory(io.integrationhub.routes.rest.AdminApi api) {
        JmsComponent jms = getCamelContext().getComponent(api.jmsComponent(), JmsComponent.class);
        ConnectionFactory factory = jms == null ? null : jms.getConfiguration().getConnectionFactory();
        if (factory == null) {
            throw new IllegalStateException("Admin API " + api.name() + ": no JMS component '" + api.jmsComponent()
                    + "' with a connection factory");
        }
        return factory;
    }

    private void list(DeadLetters deadLetters, org.apache.camel.Exchange e) throws Exception {
        String channel = e.getMessage().getHeader("channel", String.class);
        var letters = deadLetters.list(channel);
        RestResponses.respond(e, 200, "application/json",
                json.writeValueAsString(new DeadLetterViews.Listing(channel, letters)));
    }

    private void replayAll(DeadLetters deadLetters, org.apache.camel.Exchange e) throws Exception {
        var replayed = deadLetters.replay(e.getMessage().getHeader("channel", String.class), null);
        RestResponses.respond(e, 200, "application/json", json.writeValueAsString(replayed));
    }

    private void replayOne(DeadLetters deadLetters, org.apache.camel.Exchange e) throws Exception {
        String id = e.getMessage().getHeader("id", String.class);
        var replayed = deadLetters.replay(e.getMessage().getHeader("channel", String.class), id);
        if (replayed.replayed() == 0) {
            throw io.integrationhub.routes.rest.ProblemException.notFound("No dead letter '" + id + "' in that channel.");
        }
        RestResponses.respond(e, 200, "application/json", json.writeValueAsString(replayed));
    }
}
