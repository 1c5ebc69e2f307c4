package io.integrationhub.order.replica;

import java.util.List;

import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.model.rest.RestParamType;
import org.springframework.stereotype.Component;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.integrationhub.routes.rest.HubRestErrors;
import io.integrationhub.routes.rest.ProblemException;
import io.integrationhub.routes.rest.RestResponses;
import io.integrationhub.routes.templates.HandlerErrors;
import io.integrationhub.routes.templates.HubRouteTemplates;

/**
 * Data replication: a shared durable subscription to restaurant.events (template {@code hub-event-subscriber}: the
 * instances of order-app compete; the subscription keeps events while order-app is down) and
 * {@code GET /api/v1/restaurants/{id}} from the replica.
 */
@Component
public class RestaurantReplicaRoute extends RouteBuilder {

    private final RestaurantReplicaUpdates updates;
    private final RestaurantEventReader reader;
    private final RestaurantReplica replica;
    private final ObjectMapper json;

    public RestaurantReplicaRoute(RestaurantReplicaUpdates updates, RestaurantEventReader reader,
            RestaurantReplica replica, ObjectMapper json) {
        this.updates = updates;
        this.reader = reader;
        this.replica = replica;
        this.json = json;
    }

    @Override
    public void configure() {
        templatedRoute(HubRouteTemplates.EVENT_SUBSCRIBER).routeId("restaurant-replica")
                .parameter("channel", "{{hub.channels.restaurant-events}}")
                .parameter("subscriptionName", "order-app.restaurant-replica")
                .parameter("schema", "orders")
                .parameter("jmsComponent", "{{hub.order-app.jms-component}}")
                .parameter("messageTypes", "RestaurantCreated,MenuRevised")
                .parameter("concurrentConsumers", "{{hub.order-app.concurrent-consumers}}")
                .parameter("handler", "direct:update-replica");

        from("direct:update-replica").routeId("update-replica").routeConfigurationId(HandlerErrors.ID)
                .description("RestaurantCreated / MenuRevised, JSON or protobuf by Content-Type: keep restaurant_replica current")
                .process(e -> e.getMessage().setHeader("replicaChanged", updates.apply(
                        e.getMessage().getHeader("messageType", String.class), reader.read(e.getMessage()))))
                .id("apply-to-replica")
                .log("${header.messageType} ${header.aggregateId}: replica changed=${header.replicaChanged}")
                        .id("log-replica-applied");

        rest("/api/v1/restaurants").description("Restaurants as order-app knows them (replica)")
                .get("/{restaurantId}").id("get-restaurant").produces("application/json")
                    .description("Returns a restaurant and its menu from order-app's replica")
                    .param().name("restaurantId").type(RestParamType.path).required(true).endParam()
                    .responseMessage().code(200).message("The restaurant and its menu")
                        .responseModel(RestaurantView.class).endResponseMessage()
                    .responseMessage().code(404).message("Unknown restaurant (problem+json)").endResponseMessage()
                    .to("direct:get-restaurant");

        from("direct:get-restaurant").routeId("get-restaurant").routeConfigurationId(HubRestErrors.ID)
                .process(e -> {
                    String id = e.getMessage().getHeader("restaurantId", String.class);
                    var restaurant = replica.find(id)
                            .orElseThrow(() -> ProblemException.notFound("Restaurant '" + id + "' is not known."));
                    List<RestaurantView.MenuItem> items = restaurant.menu().values().stream()
                            .map(i -> new RestaurantView.MenuItem(i.id(), i.name(), i.price())).toList();
                    RestResponses.respond(e, 200, "application/json", json.writeValueAsString(
                            new RestaurantView(restaurant.id(), restaurant.name(), items)));
                }).id("restaurant-from-replica");
    }
}
