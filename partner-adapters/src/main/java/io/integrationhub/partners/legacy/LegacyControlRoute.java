package io.integrationhub.partners.legacy;

import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.model.rest.RestParamType;
import org.springframework.stereotype.Component;

import io.integrationhub.partners.PartnerJson;
import io.integrationhub.routes.rest.HubRestErrors;
import io.integrationhub.routes.rest.RequestBodies;
import io.integrationhub.routes.rest.RestResponses;

/**
 * Fault injection for the simulated legacy systems, served by the partner API (so it stays reachable while an
 * instance is down): {@code PUT /partners/api/v1/legacy/{system}/instances/{n}/mode} with
 * {@code {"mode": "normal"|"slow"|"failing"|"down"|"declining", "latencyMs": …, "errorRate": …}} ({@code declining}:
 * accounting only), and GET for the current mode.
 */
@Component
public class LegacyControlRoute extends RouteBuilder {

    private final LegacySimulators simulators;
    private final PartnerJson json;

    public LegacyControlRoute(LegacySimulators simulators, PartnerJson json) {
        this.simulators = simulators;
        this.json = json;
    }

    @Override
    public void configure() {
        rest("/partners/api/v1/legacy").description("Fault injection for the simulated legacy systems")
                .put("/{system}/instances/{instance}/mode").id("put-legacy-mode")
                    .consumes("application/json").produces("application/json").type(FaultMode.class)
                    .description("Sets how one instance of a simulated legacy system behaves: normal, slow (latencyMs), "
                            + "failing (errorRate of calls answer 503), down (connection refused), or declining "
                            + "(accounting only: every card authorization is declined with 402)")
                    .param().name("system").type(RestParamType.path).required(true)
                        .allowableValues("accounting", "consumer-profiles").endParam()
                    .param().name("instance").type(RestParamType.path).required(true).dataType("integer")
                        .description("0 for the first instance").endParam()
                    .responseMessage().code(200).message("The instance's mode now, defaults filled in")
                        .responseModel(FaultMode.class).endResponseMessage()
                    .responseMessage().code(400).message("Malformed mode, instance not a number, or declining asked of "
                            + "a system other than accounting").endResponseMessage()
                    .responseMessage().code(404).message("No such system or instance").endResponseMessage()
                    .to("direct:put-legacy-mode")
                .get("/{system}/instances/{instance}/mode").id("get-legacy-mode").produces("application/json")
                    .description("Shows how one instance of a simulated legacy system behaves")
                    .outType(FaultMode.class)
                    .param().name("system").type(RestParamType.path).required(true)
                        .allowableValues("accounting", "consumer-profiles").endParam()
                    .param().name("instance").type(RestParamType.path).required(true).dataType("integer")
                        .description("0 for the first instance").endParam()
                    .responseMessage().code(200).message("The instance's mode").endResponseMessage()
                    .responseMessage().code(400).message("instance not a number").endResponseMessage()
                    .responseMessage().code(404).message("No such system or instance").endResponseMessage()
                    .to("direct:get-legacy-mode");

        from("direct:put-legacy-mode").routeId("put-legacy-mode").routeConfigurationId(HubRestErrors.ID)
                .process(e -> {
                    FaultMode mode = RequestBodies.read(e, FaultMode.class);
                    FaultMode now = simulators.mode(e.getMessage().getHeader("system", String.class),
                            instance(e), mode);
                    RestResponses.respond(e, 200, "application/json", json.write(now));
                }).id("set-fault-mode");
        from("direct:get-legacy-mode").routeId("get-legacy-mode").routeConfigurationId(HubRestErrors.ID)
                .process(e -> RestResponses.respond(e, 200, "application/json", json.write(
                        simulators.mode(e.getMessage().getHeader("system", String.class), instance(e)))))
                                .id("fault-mode");
    }

    private static int instance(org.apache.camel.Exchange e) {
        try {
            return Integer.parseInt(e.getMessage().getHeader("instance", String.class));
        } catch (NumberFormatException ex) {
            throw io.integrationhub.routes.rest.ProblemException.badRequest("'instance' must be a number.");
        }
    }
}
