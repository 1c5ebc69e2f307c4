package io.integrationhub.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.apache.camel.CamelContext;
import org.apache.camel.model.CircuitBreakerDefinition;
import org.apache.camel.model.ModelCamelContext;
import org.apache.camel.model.OtherwiseDefinition;
import org.apache.camel.model.ProcessorDefinition;
import org.apache.camel.model.RouteConfigurationDefinition;
import org.apache.camel.model.RouteDefinition;
import org.apache.camel.model.WhenDefinition;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Issue 12 item 3: a route diagram in Hawtio reads as the flow — every step of every route the running hub has
 * (order-app, partner-adapters, the routes/ templates and route configurations, Java and YAML) carries an id given on
 * purpose, not one Camel generated ({@code process10}, {@code onException6}).
 *
 * <p>Left out, on purpose:
 * <ul>
 * <li>routes Camel generates from the REST DSL ({@code rest("/api/v1/…").get(…).to("direct:…")}): their one
 * {@code to} node is Camel's, the verb carries the id and the {@code direct:} route it calls is checked here;</li>
 * <li>{@code when}/{@code otherwise} branches of a {@code choice}: the Java DSL's {@code id()} after
 * {@code when(predicate)} names the branch's last step, not the branch, so a branch cannot be given an id there; the
 * steps inside each branch are checked.</li>
 * </ul>
 */
@HubSystemTest
class RouteNodeIdsTest {

    /** Node kinds Camel's Java DSL cannot give an id (see the class comment). */
    private static final Set<Class<?>> CANNOT_TAKE_AN_ID = Set.of(WhenDefinition.class, OtherwiseDefinition.class);

    @Autowired
    CamelContext camel;

    @Test
    void everyStepOfEveryRouteHasAnIdGivenOnPurposeSoTheRouteDiagramReadsAsTheFlow() {
        ModelCamelContext model = (ModelCamelContext) camel;
        List<String> generated = new ArrayList<>();
        List<RouteDefinition> routes = model.getRouteDefinitions();
        assertThat(routes).as("routes of the running hub").hasSizeGreaterThan(30);
        for (RouteDefinition route : routes) {
            assertThat(route.hasCustomIdAssigned()).as("route id of " + route).isTrue();
            route.getOutputs().forEach(step -> collect(route.getRouteId(), step, generated));
        }
        for (RouteConfigurationDefinition configuration : model.getRouteConfigurationDefinitions()) {
            String where = "route configuration " + configuration.getId();
            configuration.getOnExceptions().forEach(step -> collect(where, step, generated));
            configuration.getIntercepts().forEach(step -> collect(where, step, generated));
            configuration.getInterceptSendTos().forEach(step -> collect(where, step, generated));
            configuration.getOnCompletions().forEach(step -> collect(where, step, generated));
        }
        assertThat(generated).as("steps with an id Camel generated").isEmpty();
    }

    private static void collect(String where, ProcessorDefinition<?> step, List<String> generated) {
        if (!CANNOT_TAKE_AN_ID.contains(step.getClass()) && !step.hasCustomIdAssigned()) {
            generated.add(where + ": " + step.getShortName() + " " + step.getId() + " — " + step);
        }
        step.getOutputs().forEach(output -> collect(where, output, generated));
        if (step instanceof CircuitBreakerDefinition breaker && breaker.getOnFallback() != null) {
            breaker.getOnFallback().getOutputs().forEach(output -> collect(where, output, generated));
        }
    }
}
