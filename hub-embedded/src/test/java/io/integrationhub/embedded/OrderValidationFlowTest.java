package io.integrationhub.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.UUID;

import org.apache.camel.CamelContext;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Reply-first validation across the real broker: order-app and the partner adapters in one JVM, talking only through
 * Artemis. Partners are created through their REST API; the order service learns restaurants from restaurant.events.
 */
@HubSystemTest
class OrderValidationFlowTest {

    @LocalServerPort
    int port;

    @Autowired
    CamelContext camel;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    ObjectMapper json;

    final HttpClient http = HttpClient.newHttpClient();

    @Test
    void shouldValidateAnOrderForARestaurantCreatedAMomentAgo() throws Exception {
        String restaurant = newRestaurant();
        String consumer = newConsumer("100.00");

        String orderId = placeOrder(consumer, restaurant, "dal", 2);

        awaitState(orderId, "APPROVED"); // validated, then the rest of the create-order saga
        assertThat(jdbc.queryForObject("select count(*) from orders.outbox where aggregate_id = ? "
                + "and message_type = 'OrderValidated'", Integer.class, orderId)).isEqualTo(1);
    }

    @Test
    void shouldRejectAnOrderOfAnUnknownConsumerAndTellThemWhy() throws Exception {
        String restaurant = newRestaurant();
        String orderId = placeOrder("c-nobody-" + UUID.randomUUID(), restaurant, "dal", 1);

        JsonNode order = awaitState(orderId, "REJECTED");
        assertThat(order.get("rejectionReason").asText()).contains("is unknown");
        // REJECTED sends NotifyConsumer (one-way) on notification.commands; the notification adapter records it
        await().atMost(Duration.ofSeconds(20)).until(() -> jdbc.queryForObject(
                "select count(*) from notification.notifications where order_id = ? "
                        // the "your order was received" notification (from OrderCreated on order.events) is not it
                        + "and text not like '% was received:%'", Integer.class, orderId) == 1);
    }

    @Test
    void shouldRejectAnOrderOverTheConsumersCreditLimit() throws Exception {
        String restaurant = newRestaurant();
        String consumer = newConsumer("5.00");
        String orderId = placeOrder(consumer, restaurant, "dal", 3); // 3 × 4.50

        assertThat(awaitState(orderId, "REJECTED").get("rejectionReason").asText())
                .contains("exceeds the credit limit 5.00");
    }

    @Test
    void shouldRejectAnOrderWhenTheRestaurantHasClosed() throws Exception {
        String restaurant = newRestaurant();
        String consumer = newConsumer("100.00");
        jdbc.update("update restaurant.restaurants set open = false where id = ?", restaurant);

        assertThat(awaitState(placeOrder(consumer, restaurant, "dal", 1), "REJECTED").get("rejectionReason").asText())
                .contains("is closed");
    }

    @Test
    void shouldRejectAnOrderForAMenuItemTheRestaurantNoLongerOffers() throws Exception {
        String restaurant = newRestaurant();
        String consumer = newConsumer("100.00");
        // the restaurant service drops the item; the order is placed before the replica hears of it
        jdbc.update("update restaurant.menu_items set available = false where restaurant_id = ? and id = 'rice'",
                restaurant);

        assertThat(awaitState(placeOrder(consumer, restaurant, "rice", 1), "REJECTED").get("rejectionReason").asText())
                .contains("rice unavailable");
    }

    @Test
    void shouldBeValidatedWhicheverReplyArrivesFirstAndWhilePartnersWereDown() throws Exception {
        String restaurant = newRestaurant();
        String consumer = newConsumer("100.00");

        // consumer service down: the restaurant answers first
        camel.getRouteController().stopRoute("consumer-commands");
        String first = placeOrder(consumer, restaurant, "dal", 1);
        awaitState(first, "ORDER_DETAILS_VALIDATED");
        camel.getRouteController().startRoute("consumer-commands");
        awaitState(first, "APPROVED");

        // restaurant service down: the consumer answers first
        camel.getRouteController().stopRoute("restaurant-commands");
        String second = placeOrder(consumer, restaurant, "dal", 1);
        awaitState(second, "CONSUMER_VALIDATED");
        camel.getRouteController().startRoute("restaurant-commands");
        awaitState(second, "APPROVED");

        // both down: orders are still accepted; their commands wait in the broker
        camel.getRouteController().stopRoute("consumer-commands");
        camel.getRouteController().stopRoute("restaurant-commands");
        String third = placeOrder(consumer, restaurant, "dal", 1);
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(4))
                .until(() -> "APPROVAL_PENDING".equals(state(third)));
        camel.getRouteController().startRoute("consumer-commands");
        camel.getRouteController().startRoute("restaurant-commands");
        awaitState(third, "APPROVED");
    }

    @Test
    void shouldReplicateARevisedMenuAndValidateAgainstIt() throws Exception {
        String restaurant = newRestaurant();
        String consumer = newConsumer("100.00");
        HttpResponse<String> revised = send(HttpRequest.newBuilder(uri("/partners/api/v1/restaurants/" + restaurant
                + "/menu")).header("Content-Type", "application/json")
                .header("Authorization", HubSystemTest.OPERATOR_BASIC).PUT(HttpRequest.BodyPublishers.ofString(
                        "{\"menuItems\":[{\"id\":\"dal\",\"name\":\"Dal\",\"price\":5.00},"
                                + "{\"id\":\"samosa\",\"name\":\"Samosa\",\"price\":2.00}]}")));
        assertThat(revised.statusCode()).isEqualTo(200);

        await().atMost(Duration.ofSeconds(20)).until(() -> get("/api/v1/restaurants/" + restaurant).body()
                .contains("samosa"));
        JsonNode replica = json.readTree(get("/api/v1/restaurants/" + restaurant).body());
        assertThat(replica.get("menuItems").findValuesAsText("id")).containsExactlyInAnyOrder("dal", "samosa");

        String orderId = placeOrder(consumer, restaurant, "samosa", 2);
        assertThat(awaitState(orderId, "APPROVED").get("orderTotal").decimalValue()).isEqualByComparingTo("4.00");
    }

    @Test
    void shouldAnswerGetConsumerSynchronouslyOverJmsWithATimeout() throws Exception {
        String consumer = newConsumer("42.00");

        HttpResponse<String> found = get("/api/v1/consumers/" + consumer);
        assertThat(found.statusCode()).isEqualTo(200);
        assertThat(json.readTree(found.body()).get("creditLimit").decimalValue()).isEqualByComparingTo("42.00");

        HttpResponse<String> missing = get("/api/v1/consumers/c-nobody");
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(missing.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/problem+json");

        camel.getRouteController().stopRoute("consumer-queries");
        try {
            long start = System.nanoTime();
            HttpResponse<String> timedOut = get("/api/v1/consumers/" + consumer);
            long tookMs = (System.nanoTime() - start) / 1_000_000;
            assertThat(timedOut.statusCode()).as(timedOut.body()).isEqualTo(504);
            assertThat(timedOut.body()).contains("did not answer within 2000 ms");
            assertThat(tookMs).as("bounded by the request timeout").isLessThan(10_000);
        } finally {
            camel.getRouteController().startRoute("consumer-queries");
        }
    }

    // --- helpers: the partners' and the order service's public APIs only

    private String newRestaurant() throws Exception {
        HttpResponse<String> created = post("/partners/api/v1/restaurants", """
                {"name":"Test Kitchen","menuItems":[{"id":"dal","name":"Dal","price":4.50},
                 {"id":"rice","name":"Rice","price":2.00}]}""");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        String id = json.readTree(created.body()).get("restaurantId").asText();
        // the order service knows it once RestaurantCreated has arrived
        await().atMost(Duration.ofSeconds(20)).until(() -> get("/api/v1/restaurants/" + id).statusCode() == 200);
        return id;
    }

    private String newConsumer(String creditLimit) throws Exception {
        HttpResponse<String> created = post("/partners/api/v1/consumers",
                "{\"name\":\"Ada Lovelace\",\"creditLimit\":" + creditLimit + "}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        return json.readTree(created.body()).get("consumerId").asText();
    }

    private String placeOrder(String consumer, String restaurant, String menuItem, int quantity) throws Exception {
        HttpResponse<String> accepted = post("/api/v1/orders", """
                {"consumerId":"%s","restaurantId":"%s","lineItems":[{"menuItemId":"%s","quantity":%d}]}"""
                .formatted(consumer, restaurant, menuItem, quantity));
        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
        return json.readTree(accepted.body()).get("orderId").asText();
    }

    private JsonNode awaitState(String orderId, String state) throws Exception {
        await().atMost(Duration.ofSeconds(30)).until(() -> state.equals(state(orderId)));
        return json.readTree(get("/api/v1/orders/" + orderId).body());
    }

    private String state(String orderId) throws Exception {
        return json.readTree(get("/api/v1/orders/" + orderId).body()).get("state").asText();
    }

    private HttpResponse<String> post(String path, String body) throws Exception {
        return send(HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json")
                .header("Authorization", HubSystemTest.OPERATOR_BASIC).POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    private HttpResponse<String> get(String path) throws Exception {
        return send(HttpRequest.newBuilder(uri(path)).GET());
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }
}
