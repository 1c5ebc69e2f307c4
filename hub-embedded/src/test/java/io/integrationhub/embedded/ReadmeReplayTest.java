package io.integrationhub.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.QueueBrowser;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import com.atlassian.oai.validator.report.ValidationReport;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.integrationhub.embedded.ReadmeCurls.Curl;
import io.integrationhub.partners.consumer.ConsumerService;
import io.integrationhub.partners.restaurant.RestaurantService;

/**
 * The README's walkthroughs, replayed from the README itself against the running hub, every request and every
 * response checked against the OpenAPI document the hub serves for it (Atlassian's swagger-request-validator): status,
 * content type and body must be what the document says, and the status what the README shows. The README's own ids
 * (order 1, saga d3d4…, consumer c-fcb9…) are those of its run; each is replaced by the id this run got for the same
 * step. What the README describes in prose and shows no command for (the orders the cancel/revise walkthrough starts
 * from, a dead letter to list and replay, 401 without login, 404 of an unknown resource) is set up or sent here, each
 * naming the README sentence it stands for. Every curl of the README is either replayed or skipped for a stated reason.
 */
@HubSystemTest
class ReadmeReplayTest {

    static final Path README = Path.of("..", "README.md");
    static final String OPERATOR = "test-admin-password";
    static final Pattern ORDER_IN_PATH = Pattern.compile("/(orders|tickets)/(\\d+)(?=/|\\?|$)");
    static final Pattern SAGA_IN_PATH = Pattern.compile("/admin/sagas/([0-9a-f-]{36})");
    static final Pattern DEAD_LETTER_IN_PATH = Pattern.compile("/dead-letters/([^/]*…)/replay");
    static final Pattern SHOWN_STATE = Pattern.compile("\"state\":\"([A-Z_]+)\"");
    static final Pattern SHOWN_ETAG = Pattern.compile("^ETag: \"(\\d+)\"");
    static final Pattern SHOWN_ORDER = Pattern.compile("\"orderId\":\"(\\d+)\"");
    static final Pattern SHOWN_CREATED = Pattern.compile("\\{\"(consumerId|restaurantId)\":\"([^\"…]+)\"}");
    static final Pattern SHOWN_SAGA = Pattern.compile(
            "\"sagaId\":\"([0-9a-f-]{36})\",\"type\":\"([a-z-]+)\",\"state\":\"[A-Z]+\",\"orderId\":\"(\\d+)\"");

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(ReadmeReplayTest.class);

    @LocalServerPort
    int port;

    @Autowired
    ConsumerService consumers;

    @Autowired
    RestaurantService restaurants;

    @Autowired
    ConnectionFactory connectionFactory;

    private final ObjectMapper json = new ObjectMapper();
    private final List<String> mismatches = new ArrayList<>();
    private final Set<String> statusesSeen = new LinkedHashSet<>();
    private final Set<String> probedWithoutLogin = new HashSet<>();
    private final Set<String> exercised = new HashSet<>();
    /** README order number → this run's order id; renumbered when the README starts on a fresh database. */
    private final Map<String, String> orders = new HashMap<>();
    /** README consumer, restaurant and saga ids → this run's. */
    private final Map<String, String> ids = new LinkedHashMap<>();
    /** README ETag of a resource (path + tag) → the ETag this run's resource had at the same step. */
    private final Map<String, String> etags = new LinkedHashMap<>();
    private String lastOrder;
    private String lastDeadLetter;
    private RawHttp http;
    private ServedApiValidator orderApp;
    private ServedApiValidator orderAppV2;
    private ServedApiValidator partners;

    @Test
    void shouldAnswerEveryReadmeRequestAsTheServedOpenApiDocumentsSay() throws Exception {
        http = new RawHttp(port);
        orderApp = new ServedApiValidator(document("/api/v1/openapi.json"));
        orderAppV2 = new ServedApiValidator(document("/api/v2/openapi.json"));
        partners = new ServedApiValidator(document("/partners/api/v1/openapi.json"));
        demoData();

        List<Curl> curls = ReadmeCurls.read(README);
        Map<String, String> skipped = new LinkedHashMap<>();
        String section = null;
        int replayed = 0;
        for (Curl curl : curls) {
            if (!curl.section().equals(section)) {
                log.info("README replay: section '{}'", curl.section());
                section = curl.section();
                before(section);
            }
            Optional<String> skip = skipReason(curl);
            if (skip.isPresent()) {
                skipped.put(curl.toString(), skip.get());
                continue;
            }
            replay(curl);
            replayed++;
        }
        readmeProse();
        log.info("README replay: {} curl commands replayed, {} skipped, statuses {}", replayed, skipped.size(),
                statusesSeen);
        log.info("README replay: operations of the documents the README never calls: {}", java.util.stream.Stream
                .of(orderApp, orderAppV2, partners).flatMap(document -> document.operations().stream())
                .map(ServedApiValidator.Operation::name).filter(name -> !exercised.contains(name)).toList());

        log.info("README replay: skipped {}", skipped);

        assertThat(curls).as("curl commands found in README.md").hasSizeGreaterThan(60);
        assertThat(skipped).as("skipped").hasSizeLessThan(curls.size() / 10);
        assertThat(mismatches).as("requests or responses that do not match the served documents or the README")
                .isEmpty();
        assertThat(statusesSeen).as("the unhappy paths the README shows, each validated")
                .contains("400 application/problem+json", "401 application/problem+json",
                        "404 application/problem+json", "409 application/problem+json",
                        "412 application/problem+json", "422 application/problem+json");
    }

    /** Whatever an earlier step or test switched off, the next test finds the system as the README leaves it. */
    @AfterEach
    void restore() throws Exception {
        for (String kitchen : List.of("r-ajanta", "r-sushi")) {
            send("PUT", "/partners/api/v1/kitchens/" + kitchen, Map.of("Content-Type", "application/json"),
                    "{\"acceptingOrders\":true}", true);
        }
        for (int instance : List.of(0, 1)) {
            send("PUT", "/partners/api/v1/legacy/accounting/instances/" + instance + "/mode",
                    Map.of("Content-Type", "application/json"), "{\"mode\":\"normal\"}", true);
        }
    }

    private Optional<String> skipReason(Curl curl) {
        if (curl.port() != 8080) {
            return Optional.of("a simulated legacy system on its own port: the hub serves no document for it");
        }
        if (curl.path().endsWith("/openapi.json")) {
            return Optional.of("the document itself, not an operation it describes");
        }
        if (curl.path().startsWith("/actuator/")) {
            return Optional.of("Spring Boot's actuator (metrics, health), not an operation of the API documents");
        }
        return Optional.empty();
    }

    /** The state the README starts a section from, where it describes it instead of showing commands. */
    private void before(String section) throws Exception {
        if (section.startsWith("Cancel and revise")) {
            // "Order 1 (c-1, r-ajanta, 31.68) was placed as in the create-order saga's (a) and is APPROVED", order 2
            // "(c-1, r-sushi, 26.00)", 3 "(c-1, r-ajanta, 16.59)", 4 "(c-1, r-sushi: 2 maki, 1 miso, 22.80)", 5 "(c-2,
            // limit 20.00: 1 maki, 1 miso, 13.00)", 6 "of a consumer with a 5000.00 credit limit … one chicken
            // vindaloo, naan and lassi (20.09)"
            String bigSpender = json.readTree(send("POST", "/partners/api/v1/consumers", json(),
                    "{\"name\":\"Big Spender\",\"creditLimit\":5000.00}", true).body()).get("consumerId").asText();
            List<String> placed = List.of(
                    order("c-1", "r-ajanta", "chicken-vindaloo", 2, "naan", 2),
                    order("c-1", "r-sushi", "maki", 2, "miso", 2),
                    order("c-1", "r-ajanta", "chicken-vindaloo", 1, "lassi", 1),
                    order("c-1", "r-sushi", "maki", 2, "miso", 1),
                    order("c-2", "r-sushi", "maki", 1, "miso", 1),
                    order(bigSpender, "r-ajanta", "chicken-vindaloo", 1, "naan", 1, "lassi", 1));
            for (int n = 0; n < placed.size(); n++) {
                orders.put(String.valueOf(n + 1), placed.get(n));
                awaitState("/api/v1/orders/" + placed.get(n), "APPROVED");
                // settled as the README's orders were: the delivery decided too (recording it is a new version)
                String order = "/api/v1/orders/" + placed.get(n);
                await().atMost(Duration.ofSeconds(30)).until(() -> send("GET", order, Map.of(), null, false).body()
                        .contains("\"delivery\":"));
            }
        }
        if (section.startsWith("Duplicates, poison messages and dead letters")) {
            // "A message no retry can help goes to its dead-letter queue at once … with the reason": an unsupported
            // major version on restaurant.events, which order-app's replica consumes
            deadLetterOnRestaurantEvents();
        }
    }

    /** The README's prose promises with no command of their own. */
    private void readmeProse() throws Exception {
        // "Sending the same request again with the same Idempotency-Key returns the same order
        // (Idempotent-Replayed: true), never a second one; the same key with a different body is refused with 422."
        String demo = "{\"consumerId\":\"c-1\",\"restaurantId\":\"r-ajanta\",\"lineItems\":[{\"menuItemId\":\"naan\","
                + "\"quantity\":%d}]}";
        Map<String, String> keyed = Map.of("Content-Type", "application/json", "Idempotency-Key", "demo-1");
        RawHttp.Response again = check("POST", "/api/v1/orders", keyed, demo.formatted(2), false, 202,
                "README: the same Idempotency-Key again");
        if (!"true".equals(again.header("Idempotent-Replayed"))) {
            mismatches.add("README: the same Idempotency-Key again: no Idempotent-Replayed: true");
        }
        check("POST", "/api/v1/orders", keyed, demo.formatted(3), false, 422, "README: the same key, another body");
        // "An If-Match that is not an ETag (abc, 5 without quotes, a list) is a 400 naming the expected form."
        check("POST", "/api/v1/orders/" + orders.get("4") + "/revise", Map.of("Content-Type", "application/json",
                "If-Match", "abc"), "{\"revisedLineItemQuantities\":{\"maki\":1}}", false, 400, "README: If-Match abc");
        // "(GET /partners/api/v1/tickets/{orderId} answers a 404 problem when the kitchen has none.)"
        check("GET", "/partners/api/v1/tickets/no-such-order", Map.of(), null, false, 404, "README: tickets 404");
        // "an unknown consumer is a 404 problem"
        check("GET", "/api/v1/consumers/c-" + UUID.randomUUID(), Map.of(), null, false, 404, "README: consumers 404");
        // "Other reads: GET /api/v1/orders/1 and GET /api/v1/orders?consumerId=c-1 (a JSON array of orders,
        // application/json; each order in it has its HAL _links)"
        check("GET", "/api/v1/orders?consumerId=c-1", Map.of(), null, false, 200, "README: orders of c-1");
        // "/api/v2 serves the same orders ... with the same request code (... the 409/412/422 problems)": one order
        // through v2 from intake to a revision, and a cancel that the revision's lock refuses, each answer checked
        // against the v2 document, on kitchens and accounting working again (the walkthrough switched them off)
        restore();
        check("GET", "/api/v2/orders/" + orders.get("1"), Map.of(), null, false, 200, "README: an order in v2");
        RawHttp.Response placed = check("POST", "/api/v2/orders", json(), "{\"consumerId\":\"c-1\",\"restaurantId\":"
                + "\"r-ajanta\",\"lineItems\":[{\"menuItemId\":\"naan\",\"quantity\":1}]}", false, 202,
                "README: a v2 order");
        String v2Order = "/api/v2/orders/" + json.readTree(placed.body()).get("orderId").asText();
        awaitState(v2Order, "APPROVED");
        String etag = check("GET", v2Order, Map.of(), null, false, 200, "README: a v2 order approved").header("ETag");
        check("POST", v2Order + "/revise", Map.of("Content-Type", "application/json", "If-Match", etag),
                "{\"revisedLineItemQuantities\":{\"naan\":2}}", false, 202, "README: a v2 revise");
        check("POST", v2Order + "/cancel", Map.of(), null, false, 409, "README: a v2 cancel during the revision");
        // "GET /api/v1/orders/{id}?expand=consumer adds the consumer's profile from the legacy consumer-profile API"
        check("GET", "/api/v1/orders/" + orders.get("1") + "?expand=consumer", Map.of(), null, false, 200,
                "README: expand=consumer");
        // "order-app serves it at GET /api/v1/asyncapi.yaml"
        check("GET", "/api/v1/asyncapi.yaml", Map.of(), null, false, 200, "README: asyncapi.yaml");
        // "POST /api/v1/admin/dead-letters/replay?channel=… replays all of a channel"
        check("POST", "/api/v1/admin/dead-letters/replay?channel=restaurant.events", Map.of(), null, true, 200,
                "README: replay a channel");
        // "and /retry and /compensate (an ended one answers 409, as above)"
        check("POST", "/api/v1/admin/sagas/" + newestSagaOf(orders.get("1")) + "/compensate", Map.of(), null, true,
                409, "README: compensate an ended saga");
        // "Each kitchen can stop taking orders (a partner or operator login; reading is public)"
        check("GET", "/partners/api/v1/kitchens/r-ajanta", Map.of(), null, false, 200, "README: read a kitchen");
        // "POST …/restaurants, PUT …/restaurants/{id}/menu | menuItems | required array of 1–500 items" (the table of
        // what each field accepts), on the restaurant the walkthrough created
        check("PUT", "/partners/api/v1/restaurants/" + ids.get("r-b80ee4b0-0d56-451b-87ce-894e130dc03d") + "/menu",
                json(), "{\"menuItems\":[{\"id\":\"masala-dosa\",\"name\":\"Masala Dosa\",\"price\":9.00}]}", true,
                200, "README: revise a menu");
        // "partner-adapters serves the same under /partners/api/v1/admin/"
        check("GET", "/partners/api/v1/admin/dead-letters?channel=consumer.commands", Map.of(), null, true, 200,
                "README: partner-adapters' dead letters");
        // "Without credentials the answer is a 401 problem with WWW-Authenticate: Basic": probed for every protected
        // operation the walkthrough calls (replay), and here for the admin APIs it only names
        for (String path : List.of("/api/v1/admin/outbox", "/api/v1/admin/circuit-breakers",
                "/partners/api/v1/admin/outbox", "/partners/api/v1/admin/dead-letters?channel=consumer.commands")) {
            probeWithoutLogin("GET", path, Map.of(), null, "README: operators only");
        }
    }

    private void replay(Curl curl) throws Exception {
        String target = substitute(curl.target());
        String body = curl.body() == null ? null : substituteIds(curl.body());
        Map<String, String> headers = new LinkedHashMap<>(curl.headers());
        // the README's client sends the ETag it read; this run's order may be at another version for the same step
        headers.computeIfPresent("If-Match", (name, tag) -> etags.getOrDefault(resourceOf(target) + tag, tag));
        ServedApiValidator document = documentFor(target);
        Optional<ServedApiValidator.Operation> operation = document.operation(curl.method(), pathOf(target));
        if (operation.isEmpty()) {
            mismatches.add(curl + ": no operation of the served document matches it");
            return;
        }
        // in the dev profile the README runs in, the write and admin APIs are open; here, as elsewhere, they need the
        // login — which the README's -u gives, and which a request without it must be refused for
        boolean login = curl.login() || operation.get().protectedByLogin();
        if (operation.get().protectedByLogin() && probedWithoutLogin.add(operation.get().name())) {
            probeWithoutLogin(curl.method(), target, headers, body, curl.toString());
        }
        int expected = curl.shown() != 0 ? curl.shown() : 200;
        String expectedState = curl.method().equals("GET") && isOneResource(target) && !curl.target().contains("<")
                && !curl.filtered() ? firstMatch(SHOWN_STATE, curl.output()) : null;
        RawHttp.Response response = curl.method().equals("GET")
                ? awaitAnswer(curl, target, headers, login, expected, expectedState)
                : check(curl.method(), target, headers, body, login, expected, curl.toString());
        learnIds(curl, target, response);
        learnEtag(curl, target, response);
    }

    /** The README shows {@code ETag: "3"} where this run's order answered {@code "4"}: its If-Match "3" means "4". */
    private void learnEtag(Curl curl, String target, RawHttp.Response response) {
        String shown = firstMatch(SHOWN_ETAG, curl.output());
        String answered = response.header("ETag");
        if (shown != null && answered != null) {
            etags.put(resourceOf(target) + "\"" + shown + "\"", answered);
        }
    }

    /** /api/v1/orders/4/revise → /api/v1/orders/4: the resource an ETag belongs to. */
    private static String resourceOf(String target) {
        return pathOf(target).replaceFirst("/(cancel|revise)$", "");
    }

    /** A GET shows a state the saga reaches later: ask again until it is there (each answer is validated). */
    private RawHttp.Response awaitAnswer(Curl curl, String target, Map<String, String> headers, boolean login,
            int expected, String expectedState) throws Exception {
        List<RawHttp.Response> last = new ArrayList<>();
        int failures = mismatches.size();
        try {
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).until(() -> {
                RawHttp.Response response = send("GET", target, headers, null, login);
                last.add(0, response);
                return matches(response, expected, expectedState) || terminal(response, expectedState);
            });
        } catch (org.awaitility.core.ConditionTimeoutException timeout) {
            // reported below with the last answer
        }
        RawHttp.Response response = last.get(0);
        record(curl.toString(), "GET", target, headers, null, login, expected, response);
        if (expectedState != null && !expectedState.equals(state(response)) && mismatches.size() == failures) {
            mismatches.add(curl + ": the README shows state " + expectedState + ", the hub answered "
                    + state(response) + ": " + response.body());
        }
        return response;
    }

    private boolean matches(RawHttp.Response response, int expected, String expectedState) {
        return statusMatches(response.status(), expected)
                && (expectedState == null || expectedState.equals(state(response)));
    }

    /** A decided order that is not the one the README shows will not change any more: no use waiting. */
    private boolean terminal(RawHttp.Response response, String expectedState) {
        String state = state(response);
        return expectedState != null && state != null && !state.equals(expectedState)
                && Set.of("REJECTED", "CANCELLED").contains(state);
    }

    private RawHttp.Response check(String method, String target, Map<String, String> headers, String body,
            boolean login, int expected, String what) throws Exception {
        RawHttp.Response response = send(method, target, headers, body, login);
        record(what, method, target, headers, body, login, expected, response);
        return response;
    }

    /** Validates one exchange and notes what does not match. */
    private void record(String what, String method, String target, Map<String, String> headers, String body,
            boolean login, int expected, RawHttp.Response response) {
        ServedApiValidator document = documentFor(target);
        document.operation(method, pathOf(target)).ifPresent(operation -> exercised.add(operation.name()));
        Map<String, String> sent = new LinkedHashMap<>(headers);
        if (login) {
            sent.put("Authorization", RawHttp.basic("admin", OPERATOR));
        }
        // a 4xx the README shows is a request meant to be wrong (a client mistake): only the answer must match
        ValidationReport report = response.status() >= 400 && response.status() < 500 && expected >= 400
                ? document.validateResponse(method, target, response)
                : document.validate(method, target, sent, body, response);
        String contentType = response.header("Content-Type") == null ? "-"
                : response.header("Content-Type").split(";")[0].trim();
        statusesSeen.add(response.status() + " " + contentType);
        if (report.hasErrors()) {
            mismatches.add(what + " → " + response.status() + " " + contentType + ":"
                    + ServedApiValidator.describe(report) + "\n      body: " + abbreviated(response.body()));
        }
        if (!statusMatches(response.status(), expected)) {
            mismatches.add(what + ": the README shows " + (expected == 200 ? "a 2xx" : expected) + ", the hub answered "
                    + response.status() + " " + abbreviated(response.body()));
        }
    }

    private void probeWithoutLogin(String method, String target, Map<String, String> headers, String body,
            String what) throws Exception {
        RawHttp.Response refused = send(method, target, headers, body, false);
        record(what + " (without login)", method, target, headers, body, false, 401, refused);
        if (refused.status() == 401 && !String.valueOf(refused.header("WWW-Authenticate")).startsWith("Basic")) {
            mismatches.add(what + ": 401 without WWW-Authenticate: Basic");
        }
    }

    private static boolean statusMatches(int actual, int expected) {
        return expected == 200 ? actual >= 200 && actual < 300 : actual == expected;
    }

    /** What the README's answer says about ids this run must use from now on in place of the README's. */
    private void learnIds(Curl curl, String target, RawHttp.Response response) throws Exception {
        if (response.status() >= 300 || !response.body().startsWith("{")) {
            return;
        }
        JsonNode answer = json.readTree(response.body());
        String path = pathOf(target);
        if (curl.method().equals("POST") && (path.equals("/api/v1/orders") || path.equals("/api/v2/orders"))) {
            String shown = firstMatch(SHOWN_ORDER, curl.output());
            if (shown != null) {
                orders.put(shown, answer.get("orderId").asText());
            }
        }
        for (String line : curl.output()) {
            Matcher created = SHOWN_CREATED.matcher(line.trim());
            if (created.matches() && answer.has(created.group(1))) {
                ids.put(created.group(2), answer.get(created.group(1)).asText());
            }
            Matcher saga = SHOWN_SAGA.matcher(line);
            while (saga.find() && answer.has("sagas")) {
                String order = orders.get(saga.group(3));
                for (JsonNode real : answer.get("sagas")) {
                    if (real.get("orderId").asText().equals(order) && real.get("type").asText().equals(saga.group(2))) {
                        ids.put(saga.group(1), real.get("sagaId").asText());
                        break;
                    }
                }
            }
        }
        if (answer.has("deadLetters") && !answer.get("deadLetters").isEmpty()) {
            lastDeadLetter = answer.get("deadLetters").get(0).get("id").asText();
        }
    }

    /** The README's ids in a request target → this run's. */
    private String substitute(String target) throws Exception {
        String replaced = substituteIds(target);
        if (replaced.contains("<orderId>")) {
            // "any order": the one the walkthrough looked at last
            return replaced.replace("<orderId>", lastOrder);
        }
        Matcher order = ORDER_IN_PATH.matcher(replaced);
        StringBuilder out = new StringBuilder();
        while (order.find()) {
            String real = orders.get(order.group(2));
            if (real == null) {
                throw new IllegalStateException(target + ": the README's order " + order.group(2)
                        + " was never placed in this replay");
            }
            lastOrder = real;
            order.appendReplacement(out, "/" + order.group(1) + "/" + real);
        }
        order.appendTail(out);
        replaced = out.toString();
        Matcher saga = SAGA_IN_PATH.matcher(replaced);
        if (saga.find() && !ids.containsValue(saga.group(1))) {
            // a saga the README found in a list it shows later (or not at all): the newest saga of the order the
            // walkthrough was just looking at
            replaced = replaced.replace(saga.group(1), newestSagaOf(lastOrder));
        }
        Matcher deadLetter = DEAD_LETTER_IN_PATH.matcher(replaced);
        if (deadLetter.find()) {
            replaced = replaced.replace(deadLetter.group(1), String.valueOf(lastDeadLetter));
        }
        return replaced;
    }

    private String substituteIds(String text) {
        String replaced = text;
        for (Map.Entry<String, String> id : ids.entrySet()) {
            replaced = replaced.replace(id.getKey(), id.getValue());
        }
        return replaced;
    }

    private String newestSagaOf(String orderId) throws Exception {
        RawHttp.Response page = check("GET", "/api/v1/admin/sagas?size=200", Map.of(), null, true, 200,
                "saga of order " + orderId);
        for (JsonNode saga : json.readTree(page.body()).get("sagas")) {
            if (saga.get("orderId").asText().equals(orderId)) {
                return saga.get("sagaId").asText();
            }
        }
        throw new IllegalStateException("no saga of order " + orderId);
    }

    private String order(String consumer, String restaurant, Object... items) throws Exception {
        StringBuilder lineItems = new StringBuilder();
        for (int i = 0; i < items.length; i += 2) {
            lineItems.append(i == 0 ? "" : ",").append("{\"menuItemId\":\"").append(items[i]).append("\",\"quantity\":")
                    .append(items[i + 1]).append('}');
        }
        RawHttp.Response accepted = check("POST", "/api/v1/orders", json(), "{\"consumerId\":\"" + consumer
                + "\",\"restaurantId\":\"" + restaurant + "\",\"lineItems\":[" + lineItems + "]}", false, 202,
                "an order the README starts from");
        return json.readTree(accepted.body()).get("orderId").asText();
    }

    private void awaitState(String path, String state) {
        await().atMost(Duration.ofSeconds(30)).until(() -> state.equals(state(send("GET", path, Map.of(), null,
                false))));
    }

    /**
     * The embedded mode's demo data (DemoData: consumers c-1, c-2, c-3 and restaurants r-ajanta, r-sushi, created
     * through the partner services), which the test profile leaves out and the walkthrough uses; skips what exists.
     */
    private void demoData() {
        new io.integrationhub.partners.DemoData(consumers, restaurants).create();
    }

    private void deadLetterOnRestaurantEvents() throws Exception {
        String messageId = UUID.randomUUID().toString();
        try (Connection connection = connectionFactory.createConnection()) {
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            TextMessage message = session.createTextMessage("{\"restaurantId\":\"r-readme\"}");
            message.setStringProperty("messageId", messageId);
            message.setStringProperty("messageType", "MenuRevised");
            message.setStringProperty("messageVersion", "9.0");
            message.setStringProperty("aggregateType", "Restaurant");
            message.setStringProperty("aggregateId", "r-readme");
            session.createProducer(session.createTopic("restaurant.events")).send(message);
            connection.start();
            await().atMost(Duration.ofSeconds(20)).until(() -> {
                try (QueueBrowser browser = session.createBrowser(session.createQueue("DLQ.restaurant.events"),
                        "messageId = '" + messageId + "'")) {
                    return browser.getEnumeration().hasMoreElements();
                }
            });
        }
    }

    private RawHttp.Response send(String method, String target, Map<String, String> headers, String body,
            boolean login) throws Exception {
        Map<String, String> sent = new LinkedHashMap<>(headers);
        sent.putIfAbsent("Accept", "*/*");
        if (login) {
            sent.put("Authorization", RawHttp.basic("admin", OPERATOR));
        }
        return http.send(method, target, sent, body == null ? null : body.getBytes(StandardCharsets.UTF_8));
    }

    private String document(String path) throws Exception {
        RawHttp.Response document = send("GET", path, Map.of(), null, false);
        assertThat(document.status()).as(path).isEqualTo(200);
        return document.body();
    }

    /** Each request is checked against the document of its service and major version. */
    private ServedApiValidator documentFor(String target) {
        if (target.startsWith("/partners/")) {
            return partners;
        }
        return target.startsWith("/api/v2/") ? orderAppV2 : orderApp;
    }

    private String state(RawHttp.Response response) {
        try {
            JsonNode node = json.readTree(response.body());
            return node.hasNonNull("state") ? node.get("state").asText() : null;
        } catch (Exception notJson) {
            return null;
        }
    }

    private static boolean isOneResource(String target) {
        String path = pathOf(target);
        return ORDER_IN_PATH.matcher(path).find() || SAGA_IN_PATH.matcher(path).find();
    }

    private static String pathOf(String target) {
        int query = target.indexOf('?');
        return query < 0 ? target : target.substring(0, query);
    }

    private static String firstMatch(Pattern pattern, List<String> lines) {
        for (String line : lines) {
            Matcher matcher = pattern.matcher(line);
            if (matcher.find()) {
                return matcher.group(1);
            }
        }
        return null;
    }

    private static Map<String, String> json() {
        return Map.of("Content-Type", "application/json");
    }

    private static String abbreviated(String body) {
        return body.length() > 400 ? body.substring(0, 400) + "…" : body;
    }
}
