package io.integrationhub.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.ResponseEntity;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The OpenAPI documents the hub serves are usable by the tools API clients run: each service's document is where its
 * clients look for it (also when both services share this JVM), Redocly's recommended rules find no error in it, and
 * it says what the server really does (202 with the order, problem+json errors, HTTP basic on protected operations,
 * a body schema for every answer).
 */
@HubSystemTest
class OpenApiDocumentsTest {

    /** Pinned: the version this document set was linted with; bump it on purpose. */
    static final String REDOCLY = "@redocly/cli@2.77.0";

    static final Map<String, String> DOCUMENTS = Map.of(
            "order-app", "/api/v1/openapi.json",
            "order-app-v2", "/api/v2/openapi.json",
            "partner-adapters", "/partners/api/v1/openapi.json");

    @Autowired
    TestRestTemplate http;

    @Autowired
    ObjectMapper json;

    @Test
    void shouldServeEachServicesOperationsInItsOwnDocument() throws Exception {
        JsonNode orders = document("/api/v1/openapi.json");
        JsonNode partners = document("/partners/api/v1/openapi.json");
        JsonNode ordersV2 = document("/api/v2/openapi.json");
        assertThat(fieldNames(orders.get("paths"))).contains("/api/v1/orders", "/api/v1/admin/dead-letters",
                "/api/v1/asyncapi.yaml").allMatch(path -> path.startsWith("/api/v1/"));
        assertThat(fieldNames(ordersV2.get("paths"))).containsExactlyInAnyOrder("/api/v2/orders",
                "/api/v2/orders/{orderId}", "/api/v2/orders/{orderId}/cancel", "/api/v2/orders/{orderId}/revise");
        assertThat(orders.at("/info/version").asText()).isEqualTo("v1");
        assertThat(ordersV2.at("/info/version").asText()).isEqualTo("v2");
        assertThat(fieldNames(partners.get("paths")))
                .contains("/partners/api/v1/consumers", "/partners/api/v1/admin/outbox")
                .allMatch(path -> path.startsWith("/partners/"));
        for (JsonNode document : List.of(orders, ordersV2, partners)) {
            assertThat(document.at("/servers/0/url").asText()).isEqualTo("/");
            assertThat(document.toString()).doesNotContain("x-className", "java.lang", "io.integrationhub");
        }
    }

    @Test
    void shouldDocumentTheAcceptedOrderProblemBodiesAndWhoMustLogIn() throws Exception {
        JsonNode orders = document("/api/v1/openapi.json");
        JsonNode post = orders.at("/paths/~1api~1v1~1orders/post");
        assertThat(fieldNames(post.get("responses"))).contains("202", "400").doesNotContain("200");
        assertThat(post.at("/responses/202/content/application~1hal+json/schema/$ref").asText())
                .isEqualTo("#/components/schemas/OrderView");
        assertThat(post.at("/responses/400/content/application~1problem+json/schema/$ref").asText())
                .isEqualTo("#/components/schemas/Problem");
        assertThat(fieldNames(orders.at("/components/schemas/Problem/properties")))
                .containsExactlyInAnyOrder("type", "title", "status", "detail", "instance");
        assertThat(post.get("security")).isEmpty();
        assertThat(orders.at("/components/securitySchemes/basicAuth/scheme").asText()).isEqualTo("basic");
        assertThat(orders.at("/paths/~1api~1v1~1admin~1dead-letters/get/security/0").has("basicAuth")).isTrue();
        assertThat(orders.at("/paths/~1api~1v1~1orders/get/responses/200/content/application~1json/schema/type")
                .asText()).isEqualTo("array");

        JsonNode partners = document("/partners/api/v1/openapi.json");
        assertThat(partners.at("/paths/~1partners~1api~1v1~1consumers/post/security/0").has("basicAuth")).isTrue();
        assertThat(partners.at("/paths/~1partners~1api~1v1~1consumers~1{consumerId}/get/security")).isEmpty();
        assertThat(partners.at("/paths/~1partners~1api~1v1~1kitchens~1{restaurantId}/put/security/0").has("basicAuth"))
                .isTrue();
        assertThat(partners.at("/paths/~1partners~1api~1v1~1kitchens~1{restaurantId}/get/security")).isEmpty();
        assertThat(partners.at("/paths/~1partners~1api~1v1~1tickets~1{orderId}/get/security")).isEmpty();
        for (String step : List.of("accept", "preparing")) {
            JsonNode ticketStep = partners.at("/paths/~1partners~1api~1v1~1tickets~1{orderId}~1" + step + "/post");
            assertThat(ticketStep.at("/security/0").has("basicAuth")).as(step).isTrue();
            assertThat(fieldNames(ticketStep.get("responses"))).as(step).contains("200", "404", "409");
        }
        assertThat(partners.at("/paths/~1partners~1api~1v1~1tickets~1{orderId}/get/responses/404/content/"
                + "application~1problem+json/schema/$ref").asText()).isEqualTo("#/components/schemas/Problem");
    }

    /** v2's incompatible change, as its document says it: money as decimal strings, a paged HAL collection. */
    @Test
    void shouldDocumentV2MoneyAsDecimalStringsAndOrdersAsAHalCollection() throws Exception {
        JsonNode v2 = document("/api/v2/openapi.json");
        JsonNode money = v2.at("/components/schemas/Money");
        assertThat(money.at("/properties/amount/type").asText()).isEqualTo("string");
        assertThat(money.at("/properties/amount/pattern").asText()).isEqualTo("^-?[0-9]+\\.[0-9]{2}$");
        assertThat(money.get("required")).extracting(JsonNode::asText).containsExactlyInAnyOrder("amount", "currency");
        JsonNode order = v2.at("/components/schemas/OrderResource");
        assertThat(order.at("/properties/orderTotal/$ref").asText()).isEqualTo("#/components/schemas/Money");
        assertThat(v2.at("/components/schemas/LineItem/properties/price/$ref").asText())
                .isEqualTo("#/components/schemas/Money");
        assertThat(v2.at("/components/schemas/DeliveryView/properties/price/$ref").asText())
                .isEqualTo("#/components/schemas/Money");
        assertThat(order.get("required")).extracting(JsonNode::asText).contains("orderId", "orderTotal", "_links");

        JsonNode post = v2.at("/paths/~1api~1v2~1orders/post");
        assertThat(fieldNames(post.get("responses"))).contains("202", "400", "422").doesNotContain("200");
        assertThat(post.at("/responses/202/content/application~1hal+json/schema/$ref").asText())
                .isEqualTo("#/components/schemas/OrderResource");
        assertThat(post.at("/requestBody/content/application~1json/schema/$ref").asText())
                .isEqualTo("#/components/schemas/CreateOrderRequest");
        JsonNode list = v2.at("/paths/~1api~1v2~1orders/get");
        assertThat(list.at("/responses/200/content/application~1hal+json/schema/$ref").asText())
                .isEqualTo("#/components/schemas/OrderCollection");
        assertThat(list.at("/responses/400/content/application~1problem+json/schema/$ref").asText())
                .isEqualTo("#/components/schemas/Problem");
        assertThat(list.get("parameters").findValuesAsText("name")).containsExactlyInAnyOrder("consumerId", "page",
                "size");
        JsonNode collection = v2.at("/components/schemas/OrderCollection");
        assertThat(collection.get("required")).extracting(JsonNode::asText)
                .containsExactlyInAnyOrder("_links", "_embedded", "page");
        assertThat(fieldNames(v2.at("/components/schemas/OrderCollectionLinks/properties")))
                .containsExactlyInAnyOrder("self", "next", "prev");
        assertThat(v2.at("/paths/~1api~1v2~1orders~1{orderId}~1revise/post/responses/412/content/"
                + "application~1problem+json/schema/$ref").asText()).isEqualTo("#/components/schemas/OrderProblem");
        // every v2 operation is public, explicitly (the operators' API stays under /api/v1/admin)
        v2.get("paths").forEach(path -> path.forEach(operation -> assertThat(operation.get("security")).isEmpty()));
        assertThat(v2.at("/components/securitySchemes").isMissingNode()).as("no scheme nothing uses").isTrue();
    }

    /** Every answer an operation documents has a body schema (ReadmeReplayTest checks the live ones against it). */
    @Test
    void shouldGiveEveryDocumentedResponseABodySchema() throws Exception {
        List<String> bare = new ArrayList<>();
        for (String served : DOCUMENTS.values()) {
            JsonNode document = document(served);
            document.get("paths").fields().forEachRemaining(path -> path.getValue().fields().forEachRemaining(
                    operation -> operation.getValue().get("responses").fields().forEachRemaining(response -> {
                        JsonNode content = response.getValue().get("content");
                        String where = operation.getKey().toUpperCase() + " " + path.getKey() + " " + response.getKey();
                        if (content == null || content.isEmpty()) {
                            bare.add(where + ": no content");
                        } else {
                            content.fields().forEachRemaining(type -> {
                                if (!type.getValue().has("schema")) {
                                    bare.add(where + " " + type.getKey() + ": no schema");
                                }
                            });
                        }
                    })));
            // component names are the API's words, not Java types (a JsonNode field once became "JsonNode")
            assertThat(fieldNames(document.at("/components/schemas")))
                    .as(served).doesNotContain("JsonNode", "Object", "String", "Map");
        }
        assertThat(bare).isEmpty();
    }

    @Test
    void shouldServeABrowsableUiForTheDocumentsWithoutLogin() throws Exception {
        for (String base : List.of("/api/v1/", "/api/v2/", "/partners/api/v1/")) {
            ResponseEntity<String> page = http.getForEntity(base + "docs/index.html", String.class);
            assertThat(page.getStatusCode().value()).as(base).isEqualTo(200);
            assertThat(page.getHeaders().getContentType().toString()).startsWith("text/html");
            assertThat(page.getBody()).contains("swagger-ui/swagger-ui-bundle.js", "initializer.js");
            assertThat(http.getForEntity(base + "docs/swagger-ui/swagger-ui-bundle.js", String.class)
                    .getStatusCode().value()).isEqualTo(200);
            assertThat(http.getForEntity(base + "docs/initializer.js", String.class).getBody())
                    .contains("../openapi-documents.json");
            JsonNode listed = json.readTree(http.getForObject(base + "openapi-documents.json", String.class));
            assertThat(listed.get("urls").findValuesAsText("url"))
                    .containsExactlyInAnyOrder("/api/v1/openapi.json", "/api/v2/openapi.json",
                            "/partners/api/v1/openapi.json");
            assertThat(listed.get("urls").findValuesAsText("name")).as("names Swagger UI can tell apart")
                    .doesNotHaveDuplicates();
            assertThat(listed.at("/urls/0/url").asText()).startsWith(base);
        }
    }

    @Test
    void shouldServeDocumentsThatRedoclyLintsWithoutErrors() throws Exception {
        Assumptions.assumeTrue(Npx.available(), "npx is not installed (CI has Node.js): the Redocly lint of the "
                + "OpenAPI documents was skipped");
        Path folder = Files.createDirectories(Path.of("target", "openapi"));
        List<String> failures = new ArrayList<>();
        for (Map.Entry<String, String> served : DOCUMENTS.entrySet()) {
            Path file = folder.resolve(served.getKey() + ".json");
            Files.writeString(file, http.getForObject(served.getValue(), String.class), StandardCharsets.UTF_8);
            Npx.Result lint = Npx.run(Path.of("."), true, REDOCLY, "lint", file.toString(), "--format=stylish");
            String output = lint.output();
            Files.writeString(folder.resolve(served.getKey() + ".lint.txt"), output, StandardCharsets.UTF_8);
            if (lint.exitCode() != 0 || output.lines().anyMatch(line -> line.matches("\\s*\\d+:\\d+\\s+error\\s.*"))) {
                failures.add(served.getValue() + ":\n" + output);
            }
        }
        assertThat(failures).as("redocly lint errors").isEmpty();
    }

    private JsonNode document(String path) throws Exception {
        ResponseEntity<String> response = http.getForEntity(path, String.class);
        assertThat(response.getStatusCode().value()).as(path).isEqualTo(200);
        return json.readTree(response.getBody());
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
