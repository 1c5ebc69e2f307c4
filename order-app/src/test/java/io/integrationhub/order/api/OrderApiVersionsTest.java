package io.integrationhub.order.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.integrationhub.order.OrderAppTest;

/**
 * /api/v1 and /api/v2 side by side over one domain: v1 answers byte for byte what it answered before v2 existed
 * (pinned in {@code api/v1/*.json}), v2 shows the same order with money objects and a consumer's orders as a paged
 * HAL collection, and both share intake, idempotency and refusals.
 */
@OrderAppTest
class OrderApiVersionsTest {

    /** Every field v1 can show for a new order, with a delivery time and address. */
    static final String ORDER = """
            {"consumerId":"%s","restaurantId":"r-ajanta","lineItems":[{"menuItemId":"naan","quantity":2},\
            {"menuItemId":"chicken-vindaloo","quantity":1}],"deliveryAddress":"1 Main St",\
            "deliveryTime":"2026-12-01T18:30:00+01:00"}""";

    @LocalServerPort
    int port;

    @Autowired
    ObjectMapper json;

    final HttpClient http = HttpClient.newHttpClient();

    @Test
    void shouldAnswerV1ByteForByteAsBeforeV2() throws Exception {
        String consumer = "c-" + UUID.randomUUID();
        HttpResponse<String> accepted = send("POST", "/api/v1/orders", ORDER.formatted(consumer));
        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
        String orderId = json.readTree(accepted.body()).get("orderId").asText();
        assertThat(accepted.headers().firstValue("Content-Type")).contains("application/hal+json");
        assertThat(accepted.headers().firstValue("Location")).contains("/api/v1/orders/" + orderId);
        assertThat(accepted.headers().firstValue("ETag")).contains("\"0\"");
        assertThat(masked(accepted.body(), orderId, consumer)).isEqualTo(pinned("order-accepted.json"));

        HttpResponse<String> read = send("GET", "/api/v1/orders/" + orderId, null);
        assertThat(read.statusCode()).isEqualTo(200);
        // as v1 always did: the 202 echoes the delivery time's offset, a read shows it in UTC as stored
        assertThat(masked(read.body(), orderId, consumer)).isEqualTo(pinned("order-read.json"));

        HttpResponse<String> list = send("GET", "/api/v1/orders?consumerId=" + consumer, null);
        assertThat(list.headers().firstValue("Content-Type")).contains("application/json");
        assertThat(masked(list.body(), orderId, consumer)).isEqualTo("[" + pinned("order-read.json") + "]");
    }

    @Test
    void shouldShowTheSameOrderInV2WithMoneyAsDecimalStringsAndV2Links() throws Exception {
        String consumer = "c-" + UUID.randomUUID();
        HttpResponse<String> accepted = send("POST", "/api/v2/orders", ORDER.formatted(consumer));
        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
        JsonNode order = json.readTree(accepted.body());
        String orderId = order.get("orderId").asText();
        assertThat(accepted.headers().firstValue("Content-Type")).contains("application/hal+json");
        assertThat(accepted.headers().firstValue("Location")).contains("/api/v2/orders/" + orderId);
        assertThat(accepted.headers().firstValue("ETag")).contains("\"0\"");
        // 2 × 3.50 + 12.34, as a string with two decimals: never a JSON number
        assertThat(order.get("orderTotal")).isEqualTo(json.readTree("{\"amount\":\"19.34\",\"currency\":\"EUR\"}"));
        assertThat(order.at("/lineItems/0/price")).isEqualTo(json.readTree("{\"amount\":\"3.50\",\"currency\":\"EUR\"}"));
        assertThat(order.at("/lineItems/0/quantity").asInt()).isEqualTo(2);
        assertThat(order.at("/_links/self/href").asText()).isEqualTo("/api/v2/orders/" + orderId);
        assertThat(order.at("/_links/cancel").isMissingNode()).as("no cancel while pending").isTrue();

        HttpResponse<String> v2 = send("GET", "/api/v2/orders/" + orderId, null);
        assertThat(v2.statusCode()).isEqualTo(200);
        assertThat(v2.headers().firstValue("ETag")).contains("\"0\"");
        assertThat(json.readTree(v2.body())).isEqualTo(order);
        assertThat(order.get("deliveryTime").asText()).as("in UTC, in the 202 too").isEqualTo("2026-12-01T17:30:00Z");

        // the order v2 placed is the one v1 shows, with v1's numbers
        JsonNode v1 = json.readTree(send("GET", "/api/v1/orders/" + orderId, null).body());
        assertThat(v1.get("state").asText()).isEqualTo(order.get("state").asText());
        assertThat(v1.get("orderTotal").isNumber()).isTrue();
        assertThat(v1.get("orderTotal").decimalValue()).isEqualByComparingTo("19.34");
        assertThat(v1.at("/_links/self/href").asText()).isEqualTo("/api/v1/orders/" + orderId);
    }

    @Test
    void shouldReplayAnIdempotencyKeyAcrossVersions() throws Exception {
        String consumer = "c-" + UUID.randomUUID();
        String key = UUID.randomUUID().toString();
        HttpResponse<String> first = send("POST", "/api/v1/orders", ORDER.formatted(consumer), "Idempotency-Key", key);
        HttpResponse<String> again = send("POST", "/api/v2/orders", ORDER.formatted(consumer), "Idempotency-Key", key);
        assertThat(again.statusCode()).isEqualTo(202);
        assertThat(again.headers().firstValue("Idempotent-Replayed")).contains("true");
        assertThat(json.readTree(again.body()).get("orderId")).isEqualTo(json.readTree(first.body()).get("orderId"));

        HttpResponse<String> otherBody = send("POST", "/api/v2/orders", ORDER.formatted(consumer + "x"),
                "Idempotency-Key", key);
        assertProblem(otherBody, 422, "was already used for a different request");
    }

    @Test
    void shouldPageAConsumersOrdersAsAHalCollection() throws Exception {
        String consumer = "c-" + UUID.randomUUID() + "+&1";
        List<String> placed = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            placed.add(0, json.readTree(send("POST", "/api/v2/orders", ORDER.formatted(consumer)).body())
                    .get("orderId").asText());
        }
        String query = "consumerId=" + java.net.URLEncoder.encode(consumer, StandardCharsets.UTF_8);

        HttpResponse<String> first = send("GET", "/api/v2/orders?" + query + "&size=2", null);
        assertThat(first.statusCode()).as(first.body()).isEqualTo(200);
        assertThat(first.headers().firstValue("Content-Type")).contains("application/hal+json");
        JsonNode page0 = json.readTree(first.body());
        assertThat(page0.at("/_embedded/orders").findValuesAsText("orderId")).containsExactly(placed.get(0),
                placed.get(1));
        assertThat(page0.at("/_embedded/orders/0/orderTotal/amount").asText()).isEqualTo("19.34");
        assertThat(page0.at("/_links/self/href").asText()).isEqualTo("/api/v2/orders?" + query + "&page=0&size=2");
        assertThat(page0.at("/_links/next/href").asText()).isEqualTo("/api/v2/orders?" + query + "&page=1&size=2");
        assertThat(page0.at("/_links/prev").isMissingNode()).isTrue();
        assertThat(page0.get("page")).isEqualTo(json.readTree(
                "{\"number\":0,\"size\":2,\"totalElements\":3,\"totalPages\":2}"));

        // following next, as a client does: the link's own encoding gets the same consumer
        JsonNode page1 = json.readTree(send("GET", page0.at("/_links/next/href").asText(), null).body());
        assertThat(page1.at("/_embedded/orders").findValuesAsText("orderId")).containsExactly(placed.get(2));
        assertThat(page1.at("/_links/next").isMissingNode()).as("the last page").isTrue();
        assertThat(page1.at("/_links/prev/href").asText()).isEqualTo("/api/v2/orders?" + query + "&page=0&size=2");

        JsonNode past = json.readTree(send("GET", "/api/v2/orders?" + query + "&page=7&size=2", null).body());
        assertThat(past.at("/_embedded/orders")).isEmpty();
        assertThat(past.at("/page/totalElements").asInt()).isEqualTo(3);

        JsonNode none = json.readTree(send("GET", "/api/v2/orders?consumerId=c-nobody-" + UUID.randomUUID(), null)
                .body());
        assertThat(none.at("/_embedded/orders")).isEmpty();
        assertThat(none.get("page")).isEqualTo(json.readTree(
                "{\"number\":0,\"size\":20,\"totalElements\":0,\"totalPages\":0}"));
    }

    @Test
    void shouldRefuseBadInputOnV2AsV1Does() throws Exception {
        for (String paging : List.of("page=-1", "page=abc", "page=1.5", "page=", "page=1000001", "size=0",
                "size=101", "size=2.5", "size=%00")) {
            assertProblem(send("GET", "/api/v2/orders?consumerId=c-1&" + paging, null), 400,
                    paging.startsWith("page") ? "'page' must be a whole number" : "");
        }
        assertProblem(send("GET", "/api/v2/orders", null), 400, "Query parameter 'consumerId' is required");
        assertProblem(send("GET", "/api/v2/orders/no-such-order", null), 404, "does not exist");
        assertProblem(send("POST", "/api/v2/orders", ORDER.formatted("c-1").replace("\"quantity\":2",
                "\"quantity\":2.5")), 400, "Field 'lineItems[0].quantity' must be a whole number.");
        assertProblem(send("POST", "/api/v2/orders", "[]"), 400,
                "The body must be a JSON object with consumerId, restaurantId, lineItems.");
        assertProblem(send("POST", "/api/v2/orders", ORDER.formatted("c-1").replace("r-ajanta", "r-nowhere")), 422,
                "Restaurant 'r-nowhere' is not known.");

        // what v1 tolerates, v2 tolerates (robustness principle): a field it does not know, a query it does not use
        HttpResponse<String> unknownField = send("POST", "/api/v2/orders?note=x", ORDER.formatted("c-" + UUID.randomUUID())
                .replace("}]", "}],\"someNewField\":{\"x\":1}"));
        assertThat(unknownField.statusCode()).as(unknownField.body()).isEqualTo(202);
        String orderId = json.readTree(unknownField.body()).get("orderId").asText();
        HttpResponse<String> cancel = send("POST", "/api/v2/orders/" + orderId + "/cancel", null);
        assertProblem(cancel, 409, "cancel is not allowed now");
        assertThat(json.readTree(cancel.body()).get("state").asText()).isEqualTo("APPROVAL_PENDING");
        assertThat(json.readTree(cancel.body()).get("allowedActions")).isEmpty();
        assertProblem(send("POST", "/api/v2/orders/" + orderId + "/revise", "{\"revisedLineItemQuantities\":"
                + "{\"naan\":1}}", "If-Match", "abc"), 400, "(from GET /api/v2/orders/{orderId})");
        assertProblem(send("POST", "/api/v2/orders/" + orderId + "/revise", "{\"revisedLineItemQuantities\":"
                + "{\"naan\":1}}"), 409, "revise is not allowed now");
    }

    private String masked(String body, String orderId, String consumer) {
        return body.replace("\"orderId\":\"" + orderId + "\"", "\"orderId\":\"{orderId}\"")
                .replace("/api/v1/orders/" + orderId + "\"", "/api/v1/orders/{orderId}\"")
                .replace("\"" + consumer + "\"", "\"{consumerId}\"");
    }

    private String pinned(String name) throws Exception {
        try (InputStream in = getClass().getResourceAsStream("/api/v1/" + name)) {
            assertThat(in).as(name).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
        }
    }

    private void assertProblem(HttpResponse<String> response, int status, String detailContains) throws Exception {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
        JsonNode problem = json.readTree(response.body());
        assertThat(problem.get("status").asInt()).isEqualTo(status);
        assertThat(problem.get("detail").asText()).contains(detailContains);
    }

    private HttpResponse<String> send(String method, String path, String body, String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
