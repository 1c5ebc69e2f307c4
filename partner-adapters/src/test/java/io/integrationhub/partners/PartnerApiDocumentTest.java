package io.integrationhub.partners;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;

/**
 * partner-adapters on its own (the distributed mode) serves its OpenAPI document under its own API path — where it
 * also is when it shares a JVM with order-app — and nothing at order-app's path.
 */
@SpringBootTest(classes = PartnerAdaptersApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
class PartnerApiDocumentTest {

    @LocalServerPort
    int port;

    final HttpClient http = HttpClient.newHttpClient();

    @Test
    void shouldServeItsOwnOpenApiDocumentUnderPartnersOnly() throws Exception {
        HttpResponse<String> document = get("/partners/api/v1/openapi.json");
        assertThat(document.statusCode()).isEqualTo(200);
        assertThat(document.body()).contains("\"/partners/api/v1/consumers\"", "\"Partner adapters API\"",
                "\"/partners/api/v1/kitchens/{restaurantId}\"", "\"/partners/api/v1/tickets/{orderId}\"",
                "\"/partners/api/v1/tickets/{orderId}/accept\"", "\"/partners/api/v1/tickets/{orderId}/preparing\"")
                .doesNotContain("\"/api/v1/orders\"");
        assertThat(get("/api/v1/openapi.json").statusCode()).isEqualTo(404);
        assertThat(get("/partners/api/v1/docs/index.html").statusCode()).isEqualTo(200);
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
