package io.integrationhub.order.journeys;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.function.Supplier;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.integrationhub.routes.journey.JourneyEntry;
import io.integrationhub.routes.journey.JourneyQuery;
import io.integrationhub.routes.journey.JourneySource;

/**
 * partner-adapters' part of the journey (tickets, authorizations, its outboxes and processed messages), read through
 * its own admin API over HTTP — never its tables: in the distributed mode it is another service with its own
 * database rights. A failure (down, refused, slow) is thrown, and the journey answers without this part, with a note.
 */
class PartnerJourney implements JourneySource {

    static final String PATH = "/partners/api/v1/admin/journeys/";

    private final HttpClient http;
    private final Supplier<String> baseUrl;
    private final String authorization;
    private final Duration timeout;
    private final ObjectMapper json;

    /** The partner API's answer. */
    record PartnerJourneyView(String aggregateId, List<JourneyEntry> entries) {
    }

    /** @param baseUrl where partner-adapters serves (asked at each call: the embedded mode's port is known late) */
    PartnerJourney(Supplier<String> baseUrl, String user, String password, Duration timeout, ObjectMapper json) {
        this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
        this.baseUrl = baseUrl;
        this.authorization = password == null || password.isBlank() ? null : "Basic " + Base64.getEncoder()
                .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
        this.timeout = timeout;
        this.json = json;
    }

    @Override
    public List<JourneyEntry> entries(JourneyQuery query) throws Exception {
        String url = baseUrl.get() + PATH + URLEncoder.encode(query.aggregateId(), StandardCharsets.UTF_8)
                + "?messageIds=" + URLEncoder.encode(String.join(",", query.messageIds()), StandardCharsets.UTF_8);
        HttpResponse<String> response;
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(timeout)
                    .header("Accept", "application/json");
            if (authorization != null) { // without one, only a partner-adapters with open admin APIs (dev) answers
                request.header("Authorization", authorization);
            }
            response = http.send(request.GET().build(), HttpResponse.BodyHandlers.ofString());
        } catch (java.io.IOException e) {
            throw new IllegalStateException("partner-adapters' admin API at " + baseUrl.get() + " is unavailable ("
                    + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage())
                    + "): its tickets, authorizations and messages are not shown", e);
        }
        if (authorization == null && (response.statusCode() == 401 || response.statusCode() == 403)) {
            throw new IllegalStateException("no partner-adapters operator login configured "
                    + "(HUB_PARTNER_ADAPTERS_ADMIN_PASSWORD): its tickets, authorizations and messages are not shown");
        }
        if (response.statusCode() != 200) {
            throw new IllegalStateException("partner-adapters' admin API answered " + response.statusCode()
                    + ": its tickets, authorizations and messages are not shown");
        }
        return json.readValue(response.body(), PartnerJourneyView.class).entries();
    }
}
