package io.integrationhub.routes.delivery;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import org.apache.camel.CamelContext;
import org.apache.camel.model.Model;
import org.apache.camel.model.RouteDefinition;

import io.integrationhub.routes.rest.ProblemException;

/**
 * The templated routes of this process: which schemas an application's admin API looks into (by JMS component), and
 * a route's parameters by route id. Why the route definition and not a registration: a template's beans are made
 * before the route has its id, and an operator may release a parked aggregate before the route saw any message.
 */
public class ConsumingRoutes {

    /** Registered as each templated route is built: the schema and channel of an application's route. */
    public record Registration(String channel, String schema, String jmsComponent) {
    }

    private final List<Registration> registrations = new CopyOnWriteArrayList<>();
    private final CamelContext camel;

    public ConsumingRoutes(CamelContext camel) {
        this.camel = camel;
    }

    public void register(Registration registration) {
        registrations.add(registration);
    }

    /** The schemas holding the parked messages and audit findings of the routes consuming with this component. */
    public List<String> schemas(String jmsComponent) {
        return registrations.stream().filter(r -> r.jmsComponent().equals(jmsComponent)).map(Registration::schema)
                .distinct().toList();
    }

    public List<String> allSchemas() {
        return registrations.stream().map(Registration::schema).distinct().toList();
    }

    /** The templated route with this id, with its parameters resolved. */
    public ConsumingRoute route(String routeId) {
        RouteDefinition route = camel.getCamelContextExtension().getContextPlugin(Model.class).getRouteDefinition(routeId);
        if (route == null || route.getTemplateParameters() == null) {
            throw new ProblemException(409, "Conflict", "No templated route '" + routeId + "' runs in this process.");
        }
        Map<String, Object> parameters = new java.util.HashMap<>();
        if (route.getTemplateDefaultParameters() != null) {
            parameters.putAll(route.getTemplateDefaultParameters());
        }
        parameters.putAll(route.getTemplateParameters());
        return new ConsumingRoute(routeId, resolve(parameters, "channel"), resolve(parameters, "schema"),
                resolve(parameters, "handler"), parameters.containsKey("jmsComponent")
                        ? resolve(parameters, "jmsComponent") : "jms");
    }

    private String resolve(Map<String, Object> parameters, String name) {
        return camel.resolvePropertyPlaceholders(String.valueOf(parameters.get(name)));
    }
}
