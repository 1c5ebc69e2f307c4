package io.integrationhub.order.replica;

import java.util.List;
import java.util.Map;

import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.model.rest.RestParamType;
import org.springframework.stereotype.Component;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.integrationhub.routes.idempotency.ProcessedMessages;
import io.integrationhub.routes.messaging.Envelope;
import io.integrationhub.routes.rest.HubRestErrors;
import io.integrationhub.routes.rest.ProblemException;
import io.integrationhub.routes.rest.RestResponses;

/**
 * Data replication (DESIGN.md §4.3): a shared durable subscription to restaurant.events (the instances of order-app
 * compete; the subscription keeps events while order-app is down) and {@code GET /api/v1/restaurants/{id}} from the
 * replica.
 */
@Component
public class RestaurantReplicaRoute extends RouteBuilder {

    private final RestaurantReplicaUpdates updates;
    private final RestaurantReplica replica;
    private final ObjectMapper json;
    private final ProcessedMessages processed;

    public RestaurantReplicaRoute(RestaurantReplicaUpdates updates, RestaurantReplica replica, ObjectMapper json,
            ProcessedMessages processed) {
        this.updates = updates;
        this.replica = replica;
        this.json = json;
        this.processed = processed;
    }

    @Override
    public void configure() {
        processed.consumeOnce(from("jms:topic:{{hub.channels.restaurant-events}}?subscriptionDurable=true&subscriptionShared=true"
                + "&subscriptionName=order-app.restaurant-replica&transacted=true"
                + "&concurrentConsumers={{hub.order-app.concurrent-consumers}}")
                .routeId("restaurant-replica")
                .description("RestaurantCreated / MenuRevised: keep restaurant_replica current"), "orders")
                        .otherwise()
                            .process(e -> e.getMessage().setHeader("replicaChanged", updates.apply(
                                    Envelope.of(e.getMessage()).requireMajorVersion(1).messageType(),
                                    e.getMessage().getBody(String.class))))
                            .id("apply-to-replica")
                            .log("${header.messageType} ${header.aggregateId}: replica changed=${header.replicaChanged}")
                    .end()
                .end();

        rest("/api/v1/restaurants").description("Restaurants as order-app knows them (replica)")
                .get("/{restaurantId}").id("get-restaurant").produces("application/json")
                    .param().name("restaurantId").type(RestParamType.path).endParam()
                    .responseMessage().code(404).message("Unknown restaurant (problem+json)").endResponseMessage()
                    .to("direct:get-restaurant");

        from("direct:get-restaurant").routeId("get-restaurant").routeConfigurationId(HubRestErrors.ID)
                .process(e -> {
                    String id = e.getMessage().getHeader("restaurantId", String.class);
                    var restaurant = replica.find(id)
                            .orElseThrow(() -> ProblemException.notFound("Restaurant '" + id + "' is not known."));
                    List<Map<String, Object>> items = restaurant.menu().values().stream()
                            .map(i -> Map.<String, Object>of("id", i.id(), "name", i.name(), "price", i.price()))
                            .toList();
                    RestResponses.respond(e, 200, "application/json", json.writeValueAsString(Map.of(
                            "restaurantId", restaurant.id(), "name", restaurant.name(), "menuItems", items)));
                });
    }
}
