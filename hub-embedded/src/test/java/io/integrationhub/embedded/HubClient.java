package io.integrationhub.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The running system through its public HTTP APIs only, as a user would drive it: partners' data, orders, the
 * operators' saga view and the fault injection of the simulated legacy systems.
 */
final class HubClient {

    /** States in which the create-order saga has decided. */
    static final Set<String> DECIDED = Set.of("APPROVED", "REJECTED");

    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();
    private final int port;

    HubClient(int port) {
        this.port = port;
    }

    /** A restaurant with dal (4.50), rice (2.00) and feast (99.00), known to the order service's replica. */
    String newRestaurant() throws Exception {
        HttpResponse<String> created = send("POST", "/partners/api/v1/restaurants", """
                {"name":"Saga Kitchen","menuItems":[{"id":"dal","name":"Dal","price":4.50},
                 {"id":"rice","name":"Rice","price":2.00},{"id":"feast","name":"Feast","price":99.00}]}""");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        String id = json.readTree(created.body()).get("restaurantId").asText();
        await().atMost(Duration.ofSeconds(20)).until(() -> send("GET", "/api/v1/restaurants/" + id, null)
                .statusCode() == 200);
        return id;
    }

    String newConsumer(String creditLimit) throws Exception {
        HttpResponse<String> created = send("POST", "/partners/api/v1/consumers",
                "{\"name\":\"Grace Hopper\",\"creditLimit\":" + creditLimit + "}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        return json.readTree(created.body()).get("consumerId").asText();
    }

    String placeOrder(String consumer, String restaurant, String menuItem, int quantity) throws Exception {
        HttpResponse<String> accepted = send("POST", "/api/v1/orders", """
                {"consumerId":"%s","restaurantId":"%s","lineItems":[{"menuItemId":"%s","quantity":%d}]}"""
                .formatted(consumer, restaurant, menuItem, quantity));
        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
        return json.readTree(accepted.body()).get("orderId").asText();
    }

    HttpResponse<String> cancel(String orderId) throws Exception {
        return send("POST", "/api/v1/orders/" + orderId + "/cancel", "");
    }

    HttpResponse<String> revise(String orderId, String quantities, String ifMatch) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/orders/"
                + orderId + "/revise")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"revisedLineItemQuantities\":" + quantities + "}"));
        if (ifMatch != null) {
            request.header("If-Match", ifMatch);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** POST /partners/api/v1/tickets/{orderId}/accept or /preparing: the kitchen's progress. */
    void kitchen(String orderId, String progress) throws Exception {
        HttpResponse<String> moved = send("POST", "/partners/api/v1/tickets/" + orderId + "/" + progress, "");
        assertThat(moved.statusCode()).as(moved.body()).isEqualTo(200);
    }

    /** The create-, cancel- or revise-order saga of an order, with its step log. */
    JsonNode saga(String orderId, String type) throws Exception {
        JsonNode list = admin("GET", "/api/v1/admin/sagas?type=" + type + "&size=200");
        for (JsonNode entry : list.get("sagas")) {
            if (entry.get("orderId").asText().equals(orderId)) {
                return admin("GET", "/api/v1/admin/sagas/" + entry.get("sagaId").asText());
            }
        }
        throw new AssertionError("no " + type + " saga for order " + orderId + " in the newest 200");
    }

    JsonNode order(String orderId) throws Exception {
        return json.readTree(send("GET", "/api/v1/orders/" + orderId, null).body());
    }

    JsonNode awaitState(String orderId, String state, Duration atMost) throws Exception {
        await().atMost(atMost).pollInterval(Duration.ofMillis(200))
                .until(() -> state.equals(order(orderId).get("state").asText()));
        return order(orderId);
    }

    JsonNode awaitDecided(String orderId, Duration atMost) throws Exception {
        await().atMost(atMost).pollInterval(Duration.ofMillis(200))
                .until(() -> DECIDED.contains(order(orderId).get("state").asText()));
        return order(orderId);
    }

    /** The order's create-order saga as the operators' API shows it (with its step log). */
    JsonNode saga(String orderId) throws Exception {
        return saga(orderId, "create-order");
    }

    JsonNode admin(String method, String path) throws Exception {
        HttpResponse<String> response = send(method, path, method.equals("POST") ? "" : null);
        assertThat(response.statusCode()).as(method + " " + path + ": " + response.body()).isBetween(200, 299);
        return json.readTree(response.body());
    }

    /** PUT /partners/api/v1/legacy/accounting/instances/{n}/mode on both instances. */
    void accountingMode(String mode) throws Exception {
        for (int instance = 0; instance < 2; instance++) {
            HttpResponse<String> set = send("PUT", "/partners/api/v1/legacy/accounting/instances/" + instance + "/mode",
                    "{\"mode\":\"" + mode + "\"}");
            assertThat(set.statusCode()).as(set.body()).isEqualTo(200);
        }
    }

    /** PUT /partners/api/v1/couriers/{courierId}/mode: normal, slow, declining or stopped. */
    void courierMode(String courierId, String mode) throws Exception {
        HttpResponse<String> set = send("PUT", "/partners/api/v1/couriers/" + courierId + "/mode",
                "{\"mode\":\"" + mode + "\"}");
        assertThat(set.statusCode()).as(set.body()).isEqualTo(200);
    }

    /** The order once its delivery-quote aggregation has recorded a delivery. */
    JsonNode awaitDelivery(String orderId, Duration atMost) throws Exception {
        await().atMost(atMost).pollInterval(Duration.ofMillis(100)).until(() -> order(orderId).has("delivery"));
        return order(orderId);
    }

    void kitchenAcceptsOrders(String restaurant, boolean accepting) throws Exception {
        HttpResponse<String> set = send("PUT", "/partners/api/v1/kitchens/" + restaurant,
                "{\"acceptingOrders\":" + accepting + "}");
        assertThat(set.statusCode()).as(set.body()).isEqualTo(200);
    }

    /** The kitchen's ticket of an order, or null when it has none. */
    JsonNode ticket(String orderId) throws Exception {
        HttpResponse<String> found = send("GET", "/partners/api/v1/tickets/" + orderId, null);
        return found.statusCode() == 404 ? null : json.readTree(found.body());
    }

    HttpResponse<String> send(String method, String path, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Authorization", HubSystemTest.OPERATOR_BASIC);
        if (body == null) {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            request.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(body));
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
