package io.integrationhub.partners.restaurant;


import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.model.rest.RestParamType;
import org.springframework.stereotype.Component;

import io.integrationhub.partners.PartnerJson;
import io.integrationhub.routes.messaging.TraceParent;
import io.integrationhub.routes.rest.HubRestErrors;
import io.integrationhub.routes.rest.ProblemException;
import io.integrationhub.routes.rest.RequestBodies;
import io.integrationhub.routes.rest.RestRequests;
import io.integrationhub.routes.rest.RestResponses;

/**
 * The restaurant adapter's REST API, whose changes publish replication events. ValidateOrderDetails commands:
 * {@link RestaurantCommandsRoute}.
 */
@Component
public class RestaurantRoutes extends RouteBuilder {

    private final RestaurantService restaurants;
    private final PartnerJson json;
    public RestaurantRoutes(RestaurantService restaurants, PartnerJson json) {
        this.restaurants = restaurants;
        this.json = json;
    }

    @Override
    public void configure() {
        rest("/partners/api/v1/restaurants").description("Restaurants (partner API)")
                .post().id("post-restaurant").consumes("application/json").produces("application/json")
                    .description("Registers a restaurant with its menu")
                    .type(RestaurantService.NewRestaurant.class)
                    .responseMessage().code(400).message("Malformed or incomplete request, or menu item ids "
                            + "not unique").endResponseMessage()
                    .responseMessage().code(413).message("Body too large").endResponseMessage()
                    .responseMessage().code(415).message("Body is not JSON").endResponseMessage()
                    .responseMessage().code(201).message("Created; RestaurantCreated is published")
                        .responseModel(CreatedRestaurant.class)
                        .header("Location").description("URL of the restaurant").endHeader().endResponseMessage()
                    .to("direct:create-restaurant")
                .get("/{restaurantId}").id("get-restaurant-partner").produces("application/json")
                    .description("Returns a restaurant and its menu")
                    .outType(RestaurantService.Restaurant.class)
                    .param().name("restaurantId").type(RestParamType.path).required(true).endParam()
                    .responseMessage().code(200).message("The restaurant").endResponseMessage()
                    .responseMessage().code(404).message("Unknown restaurant").endResponseMessage()
                    .to("direct:get-restaurant-partner")
                .put("/{restaurantId}/menu").id("put-menu").consumes("application/json").produces("application/json")
                    .type(RestaurantService.Menu.class)
                    .description("Replaces a restaurant's menu")
                    .param().name("restaurantId").type(RestParamType.path).required(true).endParam()
                    .outType(RestaurantService.Restaurant.class)
                    .responseMessage().code(200).message("The restaurant with its new menu; MenuRevised is published")
                        .endResponseMessage()
                    .responseMessage().code(400).message("Malformed or incomplete request, or menu item ids "
                            + "not unique").endResponseMessage()
                    .responseMessage().code(404).message("Unknown restaurant").endResponseMessage()
                    .responseMessage().code(413).message("Body too large").endResponseMessage()
                    .responseMessage().code(415).message("Body is not JSON").endResponseMessage()
                    .to("direct:revise-menu");

        from("direct:create-restaurant").routeId("create-restaurant").routeConfigurationId(HubRestErrors.ID)
                .process(e -> {
                    String id = restaurants.create(RequestBodies.read(e, RestaurantService.NewRestaurant.class),
                            trace(e));
                    RestResponses.respond(e, 201, "application/json", json.write(new CreatedRestaurant(id)));
                    e.getMessage().setHeader("Location", "/partners/api/v1/restaurants/" + id);
                }).id("create-restaurant-record");

        from("direct:get-restaurant-partner").routeId("get-restaurant-partner").routeConfigurationId(HubRestErrors.ID)
                .process(e -> {
                    String id = e.getMessage().getHeader("restaurantId", String.class);
                    var restaurant = restaurants.find(id)
                            .orElseThrow(() -> ProblemException.notFound("Restaurant '" + id + "' does not exist."));
                    RestResponses.respond(e, 200, "application/json", json.write(restaurant));
                }).id("find-restaurant");

        from("direct:revise-menu").routeId("revise-menu").routeConfigurationId(HubRestErrors.ID)
                .process(e -> {
                    String id = e.getMessage().getHeader("restaurantId", String.class);
                    restaurants.reviseMenu(id, RequestBodies.read(e, RestaurantService.Menu.class),
                            trace(e));
                    RestResponses.respond(e, 200, "application/json",
                            json.write(restaurants.find(id).orElseThrow()));
                }).id("revise-restaurant-menu");
    }

    private static String trace(org.apache.camel.Exchange e) {
        return TraceParent.continueOrStart(RestRequests.header(e, "traceparent"));
    }
}
