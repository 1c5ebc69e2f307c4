package io.integrationhub.order.journeys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.integrationhub.order.OrderAppTest;
import io.integrationhub.routes.journey.JourneyQuery;

/**
 * order-app on its own (no partner-adapters behind it, no broker operator login): the journey still answers with
 * order-app's part, and its notes say what is missing and why.
 */
@OrderAppTest
class JourneyWithoutPartnersTest {

    private static final String OPERATOR = "Basic " + Base64.getEncoder()
            .encodeToString("admin:test-admin-password".getBytes(StandardCharsets.UTF_8));

    @LocalServerPort
    int port;

    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();

    @Test
    void shouldAnswerWithOrderAppsPartAndSayWhatIsMissing() throws Exception {
        HttpResponse<String> accepted = http.send(HttpRequest.newBuilder(URI.create(url("/api/v1/orders")))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(
                        "{\"consumerId\":\"c-" + UUID.randomUUID() + "\",\"restaurantId\":\"r-ajanta\","
                                + "\"lineItems\":[{\"menuItemId\":\"naan\",\"quantity\":2}]}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
        String orderId = json.readTree(accepted.body()).get("orderId").asText();

        await().atMost(Duration.ofSeconds(20)).until(() -> journey(orderId).toString().contains("outbox-published"));
        JsonNode journey = journey(orderId);

        assertThat(journey.get("entries").findValuesAsText("kind")).contains("saga-started", "order-state",
                "saga-step-sent", "outbox-written", "outbox-published");
        assertThat(journey.get("notes").toString())
                .contains("partner-adapters' admin API answered 404")
                .contains("no broker operator login configured");
    }

    @Test
    void shouldSayThePartnerApiIsUnavailableWhenNothingListens() throws Exception {
        int closed;
        try (ServerSocket socket = new ServerSocket(0)) {
            closed = socket.getLocalPort();
        }
        PartnerJourney partner = new PartnerJourney(() -> "http://127.0.0.1:" + closed, "admin", "secret",
                Duration.ofSeconds(2), json);

        assertThatThrownBy(() -> partner.entries(new JourneyQuery("1", Set.of())))
                .hasMessageContaining("partner-adapters' admin API at http://127.0.0.1:" + closed + " is unavailable")
                .hasMessageContaining("not shown");
    }

    private JsonNode journey(String orderId) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url("/api/v1/admin/journeys/"
                + orderId))).header("Authorization", OPERATOR).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return json.readTree(response.body());
    }

    private String url(String path) {
        return "http://127.0.0.1:" + port + path;
    }
}
