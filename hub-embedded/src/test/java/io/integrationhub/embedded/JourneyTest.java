package io.integrationhub.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.apache.camel.CamelContext;
import org.apache.camel.component.resilience4j.ResilienceProcessor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Issue 17 item 1: the message journey of an order — an approved one, one whose NotifyConsumer command was
 * dead-lettered and replayed, and a compensated saga (card declined, ticket cancelled) — each shows its steps in
 * order, from the API and drawn by the page in headless Chromium (screenshots in target/screenshots).
 */
@HubSystemTest
class JourneyTest {

    static final Duration DECISION = Duration.ofSeconds(60);
    static final String OPERATOR = HubSystemTest.OPERATOR_BASIC;
    static final String PARTNER = "Basic cGFydG5lcjp0ZXN0LXBhcnRuZXItcGFzc3dvcmQ="; // partner:test-partner-password

    @LocalServerPort
    int port;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    CamelContext camel;

    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();
    HubClient hub;
    String restaurant;

    @BeforeEach
    void partners() throws Exception {
        hub = new HubClient(port);
        camel.getProcessor("legacy-accounting-breaker", ResilienceProcessor.class).transitionToCloseState();
        restaurant = hub.newRestaurant();
    }

    @AfterEach
    void accountingBackToNormal() throws Exception {
        hub.accountingMode("normal");
    }

    @AfterEach
    void notificationsAcceptedAgain() {
        jdbc.execute("drop trigger if exists journey_test_refusal on notification.notifications");
        jdbc.execute("drop function if exists notification.journey_test_refusal()");
    }

    @Test
    void shouldShowTheJourneyOfAnApprovedOrderInOrder() throws Exception {
        String orderId = hub.placeOrder(hub.newConsumer("100.00"), restaurant, "dal", 2);
        JsonNode journey = settledJourney(orderId, "APPROVED", "NotifyConsumer");

        assertThat(journey.get("notes")).as("every part answered").isEmpty();
        assertInOrder(journey,
                "order-state APPROVAL_PENDING",
                "outbox-written ValidateConsumerInfo", "outbox-published ValidateConsumerInfo",
                "processed ValidateConsumerInfo", "outbox-written ConsumerValidated",
                "saga-step-replied ConsumerValidated",
                "saga-step-sent CreateTicket", "outbox-published CreateTicket", "processed CreateTicket",
                "saga-step-replied TicketCreated",
                "saga-step-sent AuthorizeCard", "processed AuthorizeCard", "saga-step-replied CardAuthorized",
                "saga-step-sent ConfirmCreateTicket", "saga-step-replied Success",
                "order-state APPROVED", "outbox-written NotifyConsumer", "processed NotifyConsumer");
        assertThat(summaries(journey, "saga-ended")).anySatisfy(s -> assertThat(s).contains("COMPLETED"));
        assertThat(summaries(journey, "outbox-published")).allSatisfy(summary -> assertThat(summary).contains("by relay "));
        assertThat(summaries(journey, "ticket")).anySatisfy(s -> assertThat(s).contains("AWAITING_ACCEPTANCE"));
        assertThat(summaries(journey, "authorization")).anySatisfy(s -> assertThat(s).contains("AUTHORIZED"));
        // the journey of any of its messages is the order's
        String command = messageIdOf(journey, "outbox-written", "ValidateConsumerInfo");
        assertThat(get("/api/v1/admin/journeys?messageId=" + command, OPERATOR).body()).contains("\"orderId\":\""
                + orderId + "\"");
        assertThat(get("/api/v1/admin/journeys?correlationId=" + command, OPERATOR).statusCode()).isEqualTo(200);

        screenshotOfThePage(orderId, "journey-approved.png");
    }

    @Test
    void shouldShowACommandDeadLetteredThenReplayedBeforeItWasProcessed() throws Exception {
        String consumer = hub.newConsumer("100.00");
        // the notification service cannot store this consumer's notifications (not the "received" one) until fixed
        jdbc.execute("create function notification.journey_test_refusal() returns trigger language plpgsql as $$ "
                + "begin if new.consumer_id = '" + consumer + "' and new.text not like '%was received%' then "
                + "raise exception 'notifications of this consumer are refused (journey test)'; end if; "
                + "return new; end $$");
        jdbc.execute("create trigger journey_test_refusal before insert on notification.notifications for each row "
                + "execute function notification.journey_test_refusal()");
        String orderId = hub.placeOrder(consumer, restaurant, "dal", 1);
        hub.awaitState(orderId, "APPROVED", DECISION);
        // redelivered with backoff, then dead-lettered with the reason: the journey shows it in DLQ.notification.commands
        await().atMost(Duration.ofSeconds(40)).until(() -> hasEntry(journey(orderId), "dead-lettered", "NotifyConsumer"));
        assertThat(summaries(journey(orderId), "dead-lettered")).anySatisfy(s -> assertThat(s)
                .contains("DLQ.notification.commands").contains("refused (journey test)"));
        // per-aggregate parking: the order is blocked on the notification route until its dead letter is replayed
        assertThat(summaries(journey(orderId), "aggregate-blocked")).anySatisfy(s -> assertThat(s)
                .contains("notification").contains("dead-lettered: replay or skip it"));
        screenshotOfTheDeliveriesPage(orderId);

        // fixed, and replayed by an operator through partner-adapters' admin API
        notificationsAcceptedAgain();
        String list = "/partners/api/v1/admin/dead-letters?channel=notification.commands";
        String letterId = null;
        for (JsonNode letter : json.readTree(get(list, OPERATOR).body()).get("deadLetters")) {
            if (orderId.equals(letter.path("aggregateId").asText())) {
                letterId = letter.get("id").asText();
            }
        }
        assertThat(letterId).isNotNull();
        HttpResponse<String> replayed = http.send(HttpRequest.newBuilder(URI.create(url(
                "/partners/api/v1/admin/dead-letters/" + letterId + "/replay?channel=notification.commands")))
                .header("Authorization", OPERATOR).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(replayed.statusCode()).as(replayed.body()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(20)).until(() -> hasEntry(journey(orderId), "processed", "NotifyConsumer"));

        JsonNode journey = journey(orderId);
        assertThat(summaries(journey, "aggregate-blocked")).as("released by the replay").isEmpty();
        assertInOrder(journey, "order-state APPROVED", "outbox-written NotifyConsumer",
                "outbox-published NotifyConsumer", "dead-lettered NotifyConsumer", "replayed NotifyConsumer",
                "processed NotifyConsumer");
        assertThat(summaries(journey, "dead-lettered")).anySatisfy(s -> assertThat(s).contains("after 5 deliveries")
                .contains("refused (journey test)"));

        screenshotOfThePage(orderId, "journey-dead-lettered-and-replayed.png");
    }

    @Test
    void shouldShowACompensatedSagaStepByStep() throws Exception {
        // 11 × 99.00 = 1089.00: within the consumer's credit, over the legacy system's card limit (1000.00)
        String orderId = hub.placeOrder(hub.newConsumer("5000.00"), restaurant, "feast", 11);
        JsonNode journey = settledJourney(orderId, "REJECTED", "CancelCreateTicket");
        assertInOrder(journey, "order-state APPROVAL_PENDING", "saga-step-sent CreateTicket",
                "saga-step-replied TicketCreated", "saga-step-sent AuthorizeCard", "processed AuthorizeCard",
                "saga-step-replied CardAuthorizationFailed", "saga-step-sent CancelCreateTicket",
                "processed CancelCreateTicket", "saga-step-replied Success", "order-state REJECTED");
        assertThat(summaries(journey, "saga-ended")).anySatisfy(s -> assertThat(s).contains("COMPENSATED"));
        assertThat(summaries(journey, "ticket")).anySatisfy(s -> assertThat(s).contains("CANCELLED"));

        screenshotOfThePage(orderId, "journey-compensated.png");
    }

    @Test
    void shouldShowTheCircuitBreakerFallbacksThatDeferredTheCardAuthorization() throws Exception {
        hub.accountingMode("down");
        String orderId = hub.placeOrder(hub.newConsumer("100.00"), restaurant, "dal", 1);
        await().atMost(DECISION).until(() -> hasEntry(journey(orderId), "breaker-fallback", "AuthorizeCard"));
        hub.accountingMode("normal");

        JsonNode journey = settledJourney(orderId, "APPROVED", "ConfirmCreateTicket");
        assertInOrder(journey, "saga-step-sent AuthorizeCard", "outbox-published AuthorizeCard",
                "breaker-fallback AuthorizeCard", "processed AuthorizeCard", "saga-step-replied CardAuthorized",
                "order-state APPROVED");
        assertThat(summaries(journey, "breaker-fallback")).allSatisfy(s -> assertThat(s)
                .contains("AuthorizeCard deferred (circuit breaker fallback)"));
    }

    @Test
    void shouldShowACommandStillQueuedWhileItsConsumerIsStopped() throws Exception {
        camel.getRouteController().stopRoute("kitchen-commands");
        String orderId;
        try {
            orderId = hub.placeOrder(hub.newConsumer("100.00"), restaurant, "rice", 1);
            await().atMost(Duration.ofSeconds(20)).until(() -> hasEntry(journey(orderId), "queued", "CreateTicket"));
            assertThat(summaries(journey(orderId), "queued")).anySatisfy(s -> assertThat(s)
                    .contains("CreateTicket still queued in kitchen.commands"));
        } finally {
            camel.getRouteController().startRoute("kitchen-commands");
        }
        hub.awaitState(orderId, "APPROVED", DECISION);
        JsonNode journey = journey(orderId);
        assertThat(summaries(journey, "queued")).as("no longer on the broker").isEmpty();
        assertInOrder(journey, "outbox-published CreateTicket", "processed CreateTicket", "order-state APPROVED");
    }

    @Test
    void shouldRefuseStrangersAndBadQueries() throws Exception {
        String orderId = hub.placeOrder(hub.newConsumer("100.00"), restaurant, "rice", 1);
        assertThat(get("/api/v1/admin/journeys/" + orderId, null).statusCode()).as("anonymous").isEqualTo(401);
        assertThat(get("/admin/journeys/" + orderId, null).statusCode()).as("the page, anonymous").isIn(401, 302);
        assertThat(get("/api/v1/admin/journeys/" + orderId, PARTNER).statusCode()).as("a partner").isEqualTo(403);
        assertThat(get("/partners/api/v1/admin/journeys/" + orderId, PARTNER).statusCode())
                .as("a partner is no operator").isEqualTo(403);
        assertThat(get("/api/v1/admin/journeys/999999999", OPERATOR).statusCode()).isEqualTo(404);
        assertThat(get("/api/v1/admin/journeys/not-a-number", OPERATOR).statusCode()).isEqualTo(404);
        assertThat(get("/api/v1/admin/journeys?traceId=nothex", OPERATOR).statusCode()).isEqualTo(400);
        assertThat(get("/api/v1/admin/journeys", OPERATOR).statusCode()).isEqualTo(400);
        assertThat(get("/api/v1/admin/journeys?messageId=" + UUID.randomUUID(), OPERATOR).statusCode())
                .isEqualTo(404);
    }

    // ---- the page

    /** The parking page lists the blocked order under partner-adapters, with the skip action and its journey. */
    private void screenshotOfTheDeliveriesPage(String blockedOrderId) throws Exception {
        WebDriver browser = HeadlessChromium.start();
        try {
            HeadlessChromium.logIn(browser, url("/admin/deliveries"), "admin", "test-admin-password");
            new WebDriverWait(browser, Duration.ofSeconds(30)).until(b -> "true".equals(((JavascriptExecutor) b)
                    .executeScript("return document.body ? document.body.dataset.loaded || null : null;")));
            var parked = browser.findElements(By.cssSelector("#parked-partner-adapters tr.parked")).stream()
                    .filter(row -> row.getText().contains(blockedOrderId)).toList();
            assertThat(parked).as("the blocked order's row").hasSize(1);
            assertThat(parked.get(0).getText()).contains("notification.commands").contains("refused (journey test)");
            assertThat(parked.get(0).findElements(By.tagName("button"))).as("skip action").hasSize(1);
            assertThat(parked.get(0).findElement(By.tagName("a")).getDomAttribute("href"))
                    .isEqualTo("/admin/journeys/" + blockedOrderId);
            assertThat(browser.findElements(By.cssSelector("section.service h2")).stream().map(h -> h.getText())
                    .toList()).containsExactly("order-app", "partner-adapters");
            long height = (Long) ((JavascriptExecutor) browser)
                    .executeScript("return document.documentElement.scrollHeight;");
            HeadlessChromium.tallScreenshot(browser, "deliveries.png", (int) Math.min(height + 20, 3000));
        } finally {
            browser.quit();
        }
    }

    private void screenshotOfThePage(String orderId, String name) throws Exception {
        WebDriver browser = HeadlessChromium.start();
        try {
            HeadlessChromium.logIn(browser, url("/admin/journeys/" + orderId), "admin", "test-admin-password");
            // asked by script: the login redirect replaces the document while we wait, and an element found before it
            // would be stale
            new WebDriverWait(browser, Duration.ofSeconds(30)).until(b -> "true".equals(((JavascriptExecutor) b)
                    .executeScript("return document.body ? document.body.dataset.loaded || null : null;")));
            List<String> drawn = new ArrayList<>();
            for (var row : browser.findElements(By.cssSelector("tr.entry"))) {
                drawn.add(row.getDomAttribute("data-kind"));
            }
            List<String> fromApi = new ArrayList<>();
            journey(orderId).get("entries").forEach(e -> fromApi.add(e.get("kind").asText()));
            assertThat(drawn).as("one row per entry, in the API's order").isEqualTo(fromApi.subList(0, drawn.size()));
            assertThat(drawn.size()).isGreaterThanOrEqualTo(fromApi.size() - 2);
            assertThat(browser.findElements(By.cssSelector("#lanes th")).stream().map(th -> th.getText()).toList())
                    .contains("order-app", "broker", "partner-adapters", "kitchen.commands");
            long height = (Long) ((JavascriptExecutor) browser)
                    .executeScript("return document.documentElement.scrollHeight;");
            HeadlessChromium.tallScreenshot(browser, name, (int) Math.min(height + 20, 4000));
            assertThat(Files.size(HeadlessChromium.SCREENSHOTS.resolve(name))).isPositive();
        } finally {
            browser.quit();
        }
    }

    // ---- the API

    /** The journey once the order reached {@code state} and its {@code lastCommand} was processed. */
    private JsonNode settledJourney(String orderId, String state, String lastCommand) throws Exception {
        hub.awaitState(orderId, state, DECISION);
        await().atMost(Duration.ofSeconds(20)).until(() -> hasEntry(journey(orderId), "processed", lastCommand));
        return journey(orderId);
    }

    private JsonNode journey(String orderId) throws Exception {
        HttpResponse<String> response = get("/api/v1/admin/journeys/" + orderId, OPERATOR);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return json.readTree(response.body());
    }

    private HttpResponse<String> get(String path, String authorization) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url(path))).header("Accept", "application/json");
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return http.send(request.GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private String url(String path) {
        return "http://127.0.0.1:" + port + path;
    }

    private static String label(JsonNode entry) {
        String type = entry.path("messageType").asText("");
        return entry.get("kind").asText() + (type.isEmpty() ? "" : " " + type) + " " + entry.get("summary").asText();
    }

    private static boolean hasEntry(JsonNode journey, String kind, String messageType) {
        for (JsonNode entry : journey.get("entries")) {
            if (entry.get("kind").asText().equals(kind) && (messageType == null
                    || messageType.equals(entry.path("messageType").asText())
                    || entry.get("summary").asText().contains(messageType))) {
                return true;
            }
        }
        return false;
    }

    /**
     * Each expected step ("kind", or "kind messageType", or "order-state STATE") is found after the previous one: the
     * journey's entries of these kinds come in this order (others may come between).
     */
    private static void assertInOrder(JsonNode journey, String... steps) {
        List<String> labels = new ArrayList<>();
        journey.get("entries").forEach(e -> labels.add(label(e)));
        int at = 0;
        for (String step : steps) {
            int found = -1;
            for (int i = at; i < labels.size(); i++) {
                if (matches(labels.get(i), step)) {
                    found = i;
                    break;
                }
            }
            assertThat(found).as("'" + step + "' after entry " + at + " in\n" + String.join("\n", labels))
                    .isGreaterThanOrEqualTo(0);
            at = found + 1;
        }
    }

    private static boolean matches(String label, String step) {
        String[] parts = step.split(" ", 2);
        if (!label.startsWith(parts[0] + " ")) {
            return false;
        }
        if (parts.length == 1) {
            return true;
        }
        // processed entries carry no messageType (a processed-message record has only the id): match the summary
        return label.contains(" " + parts[1] + " ") || label.contains(" " + parts[1] + ":")
                || label.endsWith(" " + parts[1]) || label.contains("order " + parts[1]);
    }

    private static List<String> summaries(JsonNode journey, String kind) {
        List<String> found = new ArrayList<>();
        journey.get("entries").forEach(e -> {
            if (e.get("kind").asText().equals(kind)) {
                found.add(e.get("summary").asText());
            }
        });
        return found;
    }

    private static String messageIdOf(JsonNode journey, String kind, String messageType) {
        for (JsonNode e : journey.get("entries")) {
            if (e.get("kind").asText().equals(kind) && messageType.equals(e.path("messageType").asText())) {
                return e.get("messageId").asText();
            }
        }
        throw new AssertionError("no " + kind + " " + messageType);
    }
}
