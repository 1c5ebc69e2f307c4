package io.integrationhub.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Issue 9's malformed HTTP requests, and more, against every endpoint of both services over real sockets: each one
 * must be refused with a 4xx {@code application/problem+json} whose status matches the answer and whose text names
 * no internals — never a 5xx, an HTML page, Boot's error JSON, an empty body, or a 2xx for invalid input.
 */
@HubSystemTest
class HttpBadInputSweepTest {

    static final String OPERATOR = HubSystemTest.OPERATOR_BASIC;
    static final String PARTNER = RawHttp.basic("partner", "test-partner-password");
    static final String JSON = "application/json";
    /** Seeded in the order-app replica by the test profile (db/orders-demo). */
    static final String RESTAURANT = "r-ajanta";

    @LocalServerPort
    int port;

    @Autowired
    ObjectMapper json;

    /** One request of the sweep: what is sent, and which statuses are the right refusal. */
    record Case(String name, String method, String target, Map<String, String> headers, byte[] body,
            List<Integer> statuses) {
    }

    private final List<Case> cases = new ArrayList<>();

    @Test
    void shouldRefuseEveryMalformedRequestWithAProblemDocumentAndAcceptNoneOfThem() throws Exception {
        RawHttp http = new RawHttp(port);
        String consumer = created(http, "/partners/api/v1/consumers", "{\"name\":\"Sweep\",\"creditLimit\":100}",
                "consumerId");
        String restaurant = created(http, "/partners/api/v1/restaurants",
                "{\"name\":\"Sweep\",\"menuItems\":[{\"id\":\"m1\",\"name\":\"Soup\",\"price\":4.50}]}", "restaurantId");
        RawHttp.Response order = http.send("POST", "/api/v1/orders", Map.of("Content-Type", JSON),
                utf8(order("\"" + consumer + "\"", "\"naan\"", "2", null)));
        assertThat(order.status()).as("a valid order is still accepted: %s", order.body()).isEqualTo(202);
        String orderId = json.readTree(order.body()).get("orderId").asText();

        orderBodies();
        v2Too();
        revisions(orderId);
        partnerBodies(restaurant);
        urlsAndHeaders(orderId, consumer, restaurant);
        methods(orderId);
        operatorViews();
        withoutCredentials(restaurant);

        // a few at a time, as clients do; each answer is judged on its own
        ExecutorService clients = Executors.newFixedThreadPool(4);
        List<Future<String>> verdicts = new ArrayList<>();
        for (Case c : cases) {
            verdicts.add(clients.submit(() -> {
                String problem = problemIn(c, http.send(c.method(), c.target(), c.headers(), c.body()));
                return problem == null ? null : c.name() + " (" + c.method() + " " + abbreviate(c.target()) + "): " + problem;
            }));
        }
        List<String> failures = new ArrayList<>();
        for (Future<String> verdict : verdicts) {
            if (verdict.get(60, TimeUnit.SECONDS) != null) {
                failures.add(verdict.get());
            }
        }
        clients.shutdown();
        assertThat(failures).as("%d requests swept", cases.size()).isEmpty();
        assertThat(cases).hasSizeGreaterThan(150);
    }

    /** POST /api/v1/orders: encodings, text, times, numbers, types, shapes, media types. */
    private void orderBodies() {
        // not UTF-8: what a client in another encoding sends
        badOrder("latin-1 bytes in a string", bytes("{\"consumerId\":\"", new byte[] { (byte) 0xff, (byte) 0xfe },
                "\",\"restaurantId\":\"r-ajanta\",\"lineItems\":[{\"menuItemId\":\"naan\",\"quantity\":1}]}"));
        badOrder("overlong UTF-8 (C0 AF)", bytes("{\"consumerId\":\"a", new byte[] { (byte) 0xc0, (byte) 0xaf },
                "\",\"restaurantId\":\"r-ajanta\",\"lineItems\":[{\"menuItemId\":\"naan\",\"quantity\":1}]}"));
        badOrder("UTF-8-encoded surrogate (CESU)", bytes("{\"consumerId\":\"", new byte[] { (byte) 0xed, (byte) 0xa0,
                (byte) 0x80 }, "\",\"restaurantId\":\"r-ajanta\",\"lineItems\":[{\"menuItemId\":\"naan\",\"quantity\":1}]}"));
        badOrder("UTF-16 with BOM", order("\"c-1\"", "\"naan\"", "1", null).getBytes(StandardCharsets.UTF_16));
        badOrder("UTF-16LE without BOM", order("\"c-1\"", "\"naan\"", "1", null).getBytes(StandardCharsets.UTF_16LE));
        badOrder("UTF-8 byte order mark", bytes("", new byte[] { (byte) 0xef, (byte) 0xbb, (byte) 0xbf },
                order("\"c-1\"", "\"naan\"", "1", null)));
        cases.add(new Case("charset utf-16 declared", "POST", "/api/v1/orders",
                Map.of("Content-Type", "application/json; charset=utf-16"), utf8(order("\"c-1\"", "\"naan\"", "1", null)),
                List.of(415)));

        // NUL and unpaired surrogates in every string field
        for (String text : List.of("\"a\\u0000b\"", "\"\\ud800\"", "\"x\\udc00y\"", "\"\\udbff\\u0041\"")) {
            badOrder("consumerId " + text, utf8(order(text, "\"naan\"", "1", null)));
            badOrder("menuItemId " + text, utf8(order("\"c-1\"", text, "1", null)));
            badOrder("restaurantId " + text, utf8("{\"consumerId\":\"c-1\",\"restaurantId\":" + text
                    + ",\"lineItems\":[{\"menuItemId\":\"naan\",\"quantity\":1}]}"));
            badOrder("deliveryAddress " + text, utf8(order("\"c-1\"", "\"naan\"", "1", "\"deliveryAddress\":" + text)));
        }
        // delivery time: only an ISO-8601 instant with offset, in a range the database and people can handle
        for (String time : List.of("\"garbage\"", "\"2026-13-45T99:99:99Z\"", "\"2026-01-01\"",
                "\"2026-12-01T18:30:00\"", "\"2026-12-01T18:30:00+25:00\"", "\"+9999999-01-01T00:00:00Z\"",
                "\"1970-01-01T00:00:00Z\"", "\"2026-12-01 18:30:00Z\"", "\"\"", "123", "1.7e9", "true", "[]", "{}")) {
            badOrder("deliveryTime " + time, utf8(order("\"c-1\"", "\"naan\"", "1", "\"deliveryTime\":" + time)));
        }
        // quantities: whole numbers 1..100 and nothing that merely looks like one
        for (String quantity : List.of("2.5", "2.0", "\"2\"", "true", "1e30", "1e400", "0", "-1", "101",
                "2147483648", "null", "[2]", "{}")) {
            badOrder("quantity " + quantity, utf8(order("\"c-1\"", "\"naan\"", quantity, null)));
        }
        // ids: strings of 1..64 characters
        for (String id : List.of("12", "true", "null", "\"\"", "\"   \"", "[\"c-1\"]", "{}",
                "\"" + "c".repeat(65) + "\"")) {
            badOrder("consumerId " + abbreviate(id), utf8(order(id, "\"naan\"", "1", null)));
        }
        badOrder("menuItemId of 1000 characters", utf8(order("\"c-1\"", "\"" + "m".repeat(1000) + "\"", "1", null)));
        badOrder("menuItemId 7", utf8(order("\"c-1\"", "7", "1", null)));
        badOrder("deliveryAddress of 501 characters",
                utf8(order("\"c-1\"", "\"naan\"", "1", "\"deliveryAddress\":\"" + "a".repeat(501) + "\"")));
        badOrder("no line items", utf8("{\"consumerId\":\"c-1\",\"restaurantId\":\"r-ajanta\",\"lineItems\":[]}"));
        badOrder("line items not an array", utf8("{\"consumerId\":\"c-1\",\"restaurantId\":\"r-ajanta\",\"lineItems\":\"naan\"}"));
        badOrder("a null line item", utf8("{\"consumerId\":\"c-1\",\"restaurantId\":\"r-ajanta\",\"lineItems\":[null]}"));
        badOrder("51 line items", utf8("{\"consumerId\":\"c-1\",\"restaurantId\":\"r-ajanta\",\"lineItems\":["
                + String.join(",", java.util.Collections.nCopies(51, "{\"menuItemId\":\"naan\",\"quantity\":1}")) + "]}"));
        // not one JSON object
        for (String body : List.of("[]", "true", "12", "null", "\"order\"", "{", "{}", "{\"consumerId\"}", "xyz",
                order("\"c-1\"", "\"naan\"", "1", null) + "xyz", order("\"c-1\"", "\"naan\"", "1", null) + "{}",
                order("\"c-1\"", "\"naan\"", "1", null) + "[", "{\"consumerId\":\"c-1\",\"consumerId\":\"c-2\","
                        + "\"restaurantId\":\"r-ajanta\",\"lineItems\":[{\"menuItemId\":\"naan\",\"quantity\":1}]}",
                "{'consumerId':'c-1'}", "{\"consumerId\":\"c-1\",}", "{\"a\":\"\u0001\"}", "{\"a\":NaN}")) {
            badOrder("body " + abbreviate(body), utf8(body));
        }
        cases.add(new Case("empty body", "POST", "/api/v1/orders", Map.of("Content-Type", JSON), new byte[0],
                List.of(400)));
        cases.add(new Case("no body", "POST", "/api/v1/orders", Map.of("Content-Type", JSON), null, List.of(400)));
        cases.add(new Case("text/plain", "POST", "/api/v1/orders", Map.of("Content-Type", "text/plain"),
                utf8(order("\"c-1\"", "\"naan\"", "1", null)), List.of(415)));
        cases.add(new Case("no content type", "POST", "/api/v1/orders", Map.of(),
                utf8(order("\"c-1\"", "\"naan\"", "1", null)), List.of(415)));
        cases.add(new Case("body over the limit", "POST", "/api/v1/orders", Map.of("Content-Type", JSON),
                utf8("{\"consumerId\":\"" + "c".repeat(70_000) + "\"}"), List.of(413)));
        cases.add(new Case("Idempotency-Key of 201 characters", "POST", "/api/v1/orders",
                Map.of("Content-Type", JSON, "Idempotency-Key", "k".repeat(201)),
                utf8(order("\"c-1\"", "\"naan\"", "1", null)), List.of(400)));
        cases.add(new Case("Idempotency-Key of 8 KB", "POST", "/api/v1/orders",
                Map.of("Content-Type", JSON, "Idempotency-Key", "k".repeat(8192)),
                utf8(order("\"c-1\"", "\"naan\"", "1", null)), List.of(400, 431)));
    }

    /** /api/v2 reads the same request bodies with the same code: every create-order case again, against v2. */
    private void v2Too() {
        for (Case c : List.copyOf(cases)) {
            if (c.method().equals("POST") && c.target().equals("/api/v1/orders")) {
                cases.add(new Case(c.name() + " (v2)", "POST", "/api/v2/orders", c.headers(), c.body(),
                        c.statuses()));
            }
        }
    }

    /** A revision's body and If-Match, in both versions: refused before the order's state is looked at. */
    private void revisions(String orderId) {
        for (String version : List.of("v1", "v2")) {
            String revise = "/api/" + version + "/orders/" + orderId + "/revise";
            for (String body : List.of("null", "[]", "{}", "{\"revisedLineItemQuantities\":null}",
                    "{\"revisedLineItemQuantities\":{}}", "{\"revisedLineItemQuantities\":[]}",
                    "{\"revisedLineItemQuantities\":{\"naan\":0}}", "{\"revisedLineItemQuantities\":{\"naan\":101}}",
                    "{\"revisedLineItemQuantities\":{\"naan\":2.5}}", "{\"revisedLineItemQuantities\":{\"naan\":\"2\"}}",
                    "{\"revisedLineItemQuantities\":{\"naan\":null}}", "{\"revisedLineItemQuantities\":{\"\":1}}",
                    "{\"revisedLineItemQuantities\":{\"a\\u0000\":1}}", "{\"revisedLineItemQuantities\":{\"naan\":1}}x")) {
                cases.add(new Case(version + " revise body " + abbreviate(body), "POST", revise,
                        Map.of("Content-Type", JSON), utf8(body), List.of(400)));
            }
            for (String tag : List.of("abc", "5", "\"5", "\"a\"", "\"1\", \"2\"", "\"9999999999\"")) {
                cases.add(new Case(version + " revise If-Match " + tag, "POST", revise,
                        Map.of("Content-Type", JSON, "If-Match", tag),
                        utf8("{\"revisedLineItemQuantities\":{\"naan\":1}}"), List.of(400)));
            }
            cases.add(new Case(version + " revise with a weak If-Match", "POST", revise,
                    Map.of("Content-Type", JSON, "If-Match", "W/\"0\""),
                    utf8("{\"revisedLineItemQuantities\":{\"naan\":1}}"), List.of(412)));
            for (String id : List.of("%00", "a%2Fb", "%zz", "x".repeat(200), "unknown-id", "-1", "1.5")) {
                for (String change : List.of("cancel", "revise")) {
                    cases.add(new Case(version + " " + change + " of order " + abbreviate(id), "POST",
                            "/api/" + version + "/orders/" + id + "/" + change, Map.of("Content-Type", JSON),
                            utf8("{\"revisedLineItemQuantities\":{\"naan\":1}}"), List.of(400, 404)));
                }
            }
        }
    }

    /** The partner write API and fault injection, with credentials: only the body is wrong. */
    private void partnerBodies(String restaurant) {
        String consumers = "/partners/api/v1/consumers";
        for (String limit : List.of("1e10", "10000000000", "1e400", "-1", "\"500\"", "1.234", "null", "true", "[]")) {
            badPartner("creditLimit " + limit, "POST", consumers, "{\"name\":\"Ada\",\"creditLimit\":" + limit + "}");
        }
        for (String name : List.of("\"a\\u0000\"", "\"\\ud800\"", "\"\"", "12", "null", "\"" + "n".repeat(201) + "\"")) {
            badPartner("consumer name " + abbreviate(name), "POST", consumers,
                    "{\"name\":" + name + ",\"creditLimit\":10}");
        }
        for (String body : List.of("null", "[]", "true", "12", "{}", "{\"name\":\"Ada\",\"creditLimit\":10}x")) {
            badPartner("consumer body " + body, "POST", consumers, body);
        }

        String restaurants = "/partners/api/v1/restaurants";
        String menu = restaurants + "/" + restaurant + "/menu";
        for (String item : List.of(
                "{\"id\":\"m1\",\"name\":\"Soup\",\"price\":1e30}", "{\"id\":\"m1\",\"name\":\"Soup\",\"price\":1e400}",
                "{\"id\":\"m1\",\"name\":\"Soup\",\"price\":100000000}", "{\"id\":\"m1\",\"name\":\"Soup\",\"price\":-1}",
                "{\"id\":\"m1\",\"name\":\"Soup\",\"price\":\"12.50\"}", "{\"id\":\"m1\",\"name\":\"Soup\",\"price\":1.005}",
                "{\"id\":\"m1\",\"name\":\"Soup\"}", "{\"id\":\"" + "m".repeat(1000) + "\",\"name\":\"Soup\",\"price\":1}",
                "{\"id\":\"" + "m".repeat(65) + "\",\"name\":\"Soup\",\"price\":1}",
                "{\"id\":\"m\\u0000\",\"name\":\"Soup\",\"price\":1}", "{\"id\":\"m1\",\"name\":\"So\\u0000up\",\"price\":1}",
                "{\"id\":\"\\udfff\",\"name\":\"Soup\",\"price\":1}", "{\"id\":7,\"name\":\"Soup\",\"price\":1}",
                "{\"id\":\"m1\",\"name\":\"" + "s".repeat(201) + "\",\"price\":1}", "null")) {
            badPartner("new restaurant menu item " + abbreviate(item), "POST", restaurants,
                    "{\"name\":\"R\",\"menuItems\":[" + item + "]}");
            badPartner("revised menu item " + abbreviate(item), "PUT", menu, "{\"menuItems\":[" + item + "]}");
        }
        badPartner("duplicate menu item ids", "PUT", menu, "{\"menuItems\":[{\"id\":\"m1\",\"name\":\"A\",\"price\":1},"
                + "{\"id\":\"m1\",\"name\":\"B\",\"price\":2}]}");
        for (String body : List.of("null", "[]", "12", "{}", "{\"menuItems\":[]}", "{\"menuItems\":{}}")) {
            badPartner("menu body " + body, "PUT", menu, body);
            badPartner("restaurant body " + body, "POST", restaurants, body);
        }
        badPartner("restaurant name NUL", "POST", restaurants,
                "{\"name\":\"R\\u0000\",\"menuItems\":[{\"id\":\"m1\",\"name\":\"Soup\",\"price\":1}]}");

        String kitchen = "/partners/api/v1/kitchens/" + restaurant;
        for (String body : List.of("null", "[]", "true", "12", "{}", "{\"acceptingOrders\":null}",
                "{\"acceptingOrders\":\"false\"}", "{\"acceptingOrders\":0}", "{\"acceptingOrders\":1}",
                "{\"acceptingOrders\":[true]}", "{\"acceptingOrders\":true}x", "{\"acceptingOrders\":tru}")) {
            badPartner("kitchen body " + body, "PUT", kitchen, body);
        }
        for (String id : List.of("a%25b", "%5B%5D", "a%20b", "r%00", "%C3%A9", "x".repeat(65))) {
            badPartner("kitchen of restaurant " + abbreviate(id), "PUT", "/partners/api/v1/kitchens/" + id,
                    "{\"acceptingOrders\":false}");
        }
        // the kitchen's steps on a ticket: an order the kitchen has no ticket for, or no order id at all
        for (String step : List.of("accept", "preparing")) {
            for (String id : List.of("%00", "a%2Fb", "%zz", "%ED%A0%80", "a%25b", "[]", "x".repeat(200), "unknown-id")) {
                cases.add(new Case("ticket " + step + " of order " + abbreviate(id), "POST",
                        "/partners/api/v1/tickets/" + id + "/" + step, Map.of("Authorization", OPERATOR), null,
                        List.of(400, 404)));
            }
        }

        String mode = "/partners/api/v1/legacy/consumer-profiles/instances/0/mode";
        for (String body : List.of("null", "[]", "true", "{}", "{\"mode\":null}", "{\"mode\":\"weird\"}",
                "{\"mode\":\"normal\\u0000\"}", "{\"mode\":\"failing\",\"errorRate\":\"NaN\"}",
                "{\"mode\":\"failing\",\"errorRate\":NaN}", "{\"mode\":\"failing\",\"errorRate\":\"0.5\"}",
                "{\"mode\":\"failing\",\"errorRate\":1e400}", "{\"mode\":\"failing\",\"errorRate\":2}",
                "{\"mode\":\"failing\",\"errorRate\":-0.1}", "{\"mode\":\"slow\",\"latencyMs\":2.5}",
                "{\"mode\":\"slow\",\"latencyMs\":\"10\"}", "{\"mode\":\"slow\",\"latencyMs\":-1}",
                "{\"mode\":\"slow\",\"latencyMs\":600001}", "{\"mode\":1}", "{\"mode\":\"down\"}x")) {
            badPartner("fault mode " + body, "PUT", mode, body);
        }
        badPartner("fault mode of an unknown system", "PUT", "/partners/api/v1/legacy/nope/instances/0/mode",
                "{\"mode\":\"normal\"}");
        badPartner("fault mode of instance x", "PUT", "/partners/api/v1/legacy/accounting/instances/x/mode",
                "{\"mode\":\"normal\"}");
        badPartner("fault mode of instance 99", "PUT", "/partners/api/v1/legacy/accounting/instances/99/mode",
                "{\"mode\":\"normal\"}");

        String courier = "/partners/api/v1/couriers/swift/mode";
        for (String body : List.of("null", "[]", "true", "{}", "{\"mode\":null}", "{\"mode\":\"down\"}",
                "{\"mode\":\"stopped\\u0000\"}", "{\"mode\":\"slow\",\"latencyMs\":2.5}",
                "{\"mode\":\"slow\",\"latencyMs\":-1}", "{\"mode\":\"slow\",\"latencyMs\":600001}",
                "{\"mode\":\"slow\",\"latencyMs\":\"10\"}", "{\"mode\":1}", "{\"mode\":\"normal\"}x")) {
            badPartner("courier mode " + body, "PUT", courier, body);
        }
        for (String id : List.of("nope", "%00", "a%2Fb", "%zz", "x".repeat(200))) {
            badPartner("mode of courier " + abbreviate(id), "PUT", "/partners/api/v1/couriers/" + id + "/mode",
                    "{\"mode\":\"normal\"}");
            cases.add(new Case("GET mode of courier " + abbreviate(id), "GET",
                    "/partners/api/v1/couriers/" + id + "/mode", Map.of(), null, List.of(400, 404)));
        }

        // held outbox rows (operators): unknown outboxes and ids that are no row
        for (String outbox : List.of("nowhere", "%00", "a%2Fb", "%zz", "x".repeat(200))) {
            cases.add(new Case("held rows of outbox " + abbreviate(outbox), "GET",
                    "/api/v1/admin/outbox/" + outbox + "/held", Map.of("Authorization", OPERATOR), null,
                    List.of(400, 404)));
        }
        for (String id : List.of("abc", "-1", "1.5", "99999999999999999999", "%00", "a%2Fb", "x".repeat(200))) {
            cases.add(new Case("release held row " + abbreviate(id), "POST",
                    "/api/v1/admin/outbox/orders/held/" + id + "/release", Map.of("Authorization", OPERATOR), null,
                    List.of(400, 404)));
        }
    }

    /** Issue 17's operator APIs (journeys, parked aggregates, the delivery auditor), with credentials. */
    private void operatorViews() {
        for (String prefix : List.of("/api/v1/admin/journeys/", "/partners/api/v1/admin/journeys/")) {
            for (String id : List.of("%00", "a%2Fb", "%zz", "%ED%A0%80", "x".repeat(10_000))) {
                operator("journey of " + prefix + abbreviate(id), "GET", prefix + id);
            }
        }
        for (String id : List.of("abc", "-1", "1.5", "99999999999999999999", "0")) {
            operator("journey of order " + id, "GET", "/api/v1/admin/journeys/" + id);
        }
        for (String query : List.of("", "?messageId=", "?messageId=%00", "?correlationId=%zz", "?traceId=zz",
                "?traceId=" + "A".repeat(32), "?messageId=" + "m".repeat(10_000), "?messageId=unknown")) {
            operator("journey search " + abbreviate(query), "GET", "/api/v1/admin/journeys" + query);
        }
        for (String base : List.of("/api/v1/admin", "/partners/api/v1/admin")) {
            for (String query : List.of("?channel=%00", "?channel=%zz", "?aggregateId=%00")) {
                operator("parked aggregates " + query, "GET", base + "/parked-aggregates" + query);
                operator("delivery audit " + query, "GET", base + "/delivery-audit" + query);
            }
            for (String target : List.of("/x/skip", "/x/skip?channel=", "/x/skip?channel=%00", "/%00/skip?channel=c",
                    "/unknown/skip?channel=kitchen.commands", "/" + "x".repeat(10_000) + "/skip?channel=c")) {
                operator("skip " + abbreviate(target), "POST", base + "/parked-aggregates" + target);
            }
        }
    }

    private void operator(String name, String method, String target) {
        cases.add(new Case(name, method, target, Map.of("Authorization", OPERATOR, "Accept", JSON), null,
                List.of(400, 404)));
    }

    /** What Tomcat, the firewall and the routes see before a body: paths, queries, headers. */
    private void urlsAndHeaders(String orderId, String consumer, String restaurant) {
        List<String> prefixes = List.of("/api/v1/orders/", "/api/v2/orders/", "/api/v1/consumers/", "/api/v1/restaurants/",
                "/partners/api/v1/consumers/", "/partners/api/v1/restaurants/", "/partners/api/v1/tickets/");
        List<String> tails = List.of("%00", "a%2Fb", "a%5Cb", "a\\b", "%zz", "%", "%E0%A4", "%ED%A0%80", "%C0%AF",
                "a%25b", "..%2F..%2Fetc", "a;b=c", "a//b", "./a", "../a", "[]", "a#b", "a b", "a%0Ab",
                "x".repeat(10_000), "unknown-id");
        for (String prefix : prefixes) {
            for (String tail : tails) {
                get(prefix + abbreviate(tail), prefix + tail);
            }
        }
        // every restaurant has a kitchen (one never set accepts orders): a well-formed id is 200, not 404
        for (String tail : tails) {
            if (!List.of("unknown-id", "./a", "a#b").contains(tail)) {
                get("/partners/api/v1/kitchens/" + abbreviate(tail), "/partners/api/v1/kitchens/" + tail);
            }
        }
        for (String query : List.of("%00", "a%00b", "%ED%A0%80", "%C0%AF", "%zz", "%", "", "c".repeat(65),
                "x".repeat(10_000))) {
            get("orders of consumerId=" + abbreviate(query), "/api/v1/orders?consumerId=" + query);
            get("v2 orders of consumerId=" + abbreviate(query), "/api/v2/orders?consumerId=" + query);
        }
        get("orders without consumerId", "/api/v1/orders");
        get("v2 orders without consumerId", "/api/v2/orders");
        get("v2 orders without consumerId, with a page", "/api/v2/orders?page=0&size=10");
        // v2 pages: whole numbers in range, nothing that merely looks like one
        for (String value : List.of("-1", "abc", "1.5", "1e3", "", "%00", "0x10", "+1", " 1", "2147483648",
                "99999999999999999999", "%ED%A0%80")) {
            get("v2 orders page=" + value, "/api/v2/orders?consumerId=c-1&page=" + value.replace(" ", "%20"));
            get("v2 orders size=" + value, "/api/v2/orders?consumerId=c-1&size=" + value.replace(" ", "%20"));
        }
        get("v2 orders page over the limit", "/api/v2/orders?consumerId=c-1&page=1000001");
        for (String size : List.of("0", "101", "1000")) {
            get("v2 orders size=" + size, "/api/v2/orders?consumerId=c-1&size=" + size);
        }
        get("v2 orders with a NUL parameter name", "/api/v2/orders?consumerId=c-1&a%00=b");
        get("orders of consumerId=%00 under an encoded path", "/%61pi/v1/orders?consumerId=%00");
        get("orders of consumerId=%00 under a doubled slash", "/api/v1//orders?consumerId=%00");
        get("orders with a NUL parameter name", "/api/v1/orders?consumerId=c-1&a%00=b");
        get("order with expand=%00", "/api/v1/orders/" + orderId + "?expand=%00");
        get("consumer with a bad query", "/api/v1/consumers/" + consumer + "?x=%zz");
        get("restaurant with a NUL query", "/api/v1/restaurants/" + restaurant + "?x=%00");
        get("unknown API path", "/api/v1/nothing-here");
        get("unknown partner path", "/partners/api/v1/nothing-here");
        cases.add(new Case("unknown path", "GET", "/nothing-here", Map.of(), null, List.of(401, 404)));
        get("the error page itself", "/error");
        cases.add(new Case("header line without colon", "GET", "/api/v1/orders/" + orderId,
                Map.of("Broken header line", ""), null, List.of(400)));
        cases.add(new Case("8 KB header", "GET", "/api/v1/restaurants/" + restaurant,
                Map.of("X-Padding", "p".repeat(9000)), null, List.of(400, 431)));
        cases.add(new Case("raw [] in the query", "GET", "/api/v1/orders?consumerId=[]", Map.of(), null,
                List.of(400)));
        cases.add(new Case("raw # in the path", "GET", "/api/v1/restaurants/" + restaurant + "#x", Map.of(), null,
                List.of(400, 404)));
        cases.add(new Case("absolute URI of another host", "GET", "http://example.org/api/v1/orders/" + orderId,
                Map.of(), null, List.of(400, 404)));
    }

    /** Methods the API does not have, including ones the firewall or Tomcat refuse. */
    private void methods(String orderId) {
        for (String target : List.of("/api/v1/orders", "/api/v1/orders/" + orderId, "/api/v2/orders",
                "/api/v2/orders/" + orderId, "/api/v1/consumers/c-1",
                "/api/v1/restaurants/" + RESTAURANT, "/partners/api/v1/consumers", "/partners/api/v1/legacy/accounting/instances/0/mode",
                "/partners/api/v1/kitchens/" + RESTAURANT, "/partners/api/v1/tickets/" + orderId,
                "/actuator/health", "/")) {
            for (String method : List.of("TRACE", "FOO", "PROPFIND", "CONNECT", "TRACK")) {
                cases.add(new Case(method, method, target, Map.of(), null, List.of(405, 501, 400)));
            }
        }
        cases.add(new Case("DELETE an order", "DELETE", "/api/v1/orders/" + orderId, Map.of(), null,
                List.of(405, 404)));
        cases.add(new Case("PUT the order list", "PUT", "/api/v1/orders", Map.of("Content-Type", JSON),
                utf8("{}"), List.of(405, 404)));
        cases.add(new Case("DELETE a v2 order", "DELETE", "/api/v2/orders/" + orderId, Map.of(), null,
                List.of(405, 404)));
        cases.add(new Case("PUT the v2 order list", "PUT", "/api/v2/orders", Map.of("Content-Type", JSON),
                utf8("{}"), List.of(405, 404)));
    }

    /** Operator and partner operations without (or with wrong) credentials. */
    private void withoutCredentials(String restaurant) {
        String newConsumer = "{\"name\":\"Ada\",\"creditLimit\":10}";
        String menu = "{\"menuItems\":[{\"id\":\"m1\",\"name\":\"Soup\",\"price\":1}]}";
        for (Map<String, String> credentials : List.of(Map.<String, String>of(),
                Map.of("Authorization", RawHttp.basic("admin", "wrong")),
                Map.of("Authorization", "Basic !!!"), Map.of("Authorization", "Bearer x"))) {
            String who = credentials.isEmpty() ? "anonymous" : credentials.get("Authorization");
            unauthorized(who, "POST", "/partners/api/v1/consumers", newConsumer, credentials);
            unauthorized(who, "POST", "/partners/api/v1/consumers/", newConsumer, credentials);
            cases.add(new Case("POST an encoded path as " + who, "POST", "/partners/api/v1/%63onsumers",
                    withJson(credentials), utf8(newConsumer), List.of(401, 404)));
            cases.add(new Case("POST a mixed-case path as " + who, "POST", "/partners/api/v1/Consumers",
                    withJson(credentials), utf8(newConsumer), List.of(401, 404)));
            unauthorized(who, "POST", "/partners/api/v1/restaurants", "{\"name\":\"R\",\"menuItems\":[{\"id\":\"m1\","
                    + "\"name\":\"Soup\",\"price\":1}]}", credentials);
            unauthorized(who, "PUT", "/partners/api/v1/restaurants/" + restaurant + "/menu", menu, credentials);
            unauthorized(who, "PUT", "/partners/api/v1/kitchens/" + restaurant, "{\"acceptingOrders\":false}",
                    credentials);
            unauthorized(who, "POST", "/partners/api/v1/tickets/o-sweep/accept", "{}", credentials);
            unauthorized(who, "POST", "/partners/api/v1/tickets/o-sweep/preparing", "{}", credentials);
            unauthorized(who, "PUT", "/partners/api/v1/legacy/accounting/instances/0/mode", "{\"mode\":\"down\"}",
                    credentials);
            unauthorized(who, "PUT", "/partners/api/v1/couriers/swift/mode", "{\"mode\":\"stopped\"}", credentials);
            unauthorized(who, "POST", "/api/v1/admin/parked-aggregates/x/skip?channel=order.replies", "{}", credentials);
            unauthorized(who, "POST", "/partners/api/v1/admin/parked-aggregates/x/skip?channel=kitchen.commands", "{}",
                    credentials);
            for (String admin : List.of("/api/v1/admin/outbox", "/api/v1/admin/dead-letters?channel=order.replies",
                    "/api/v1/admin/sagas", "/api/v1/admin/circuit-breakers", "/partners/api/v1/admin/outbox",
                    "/partners/api/v1/admin/dead-letters?channel=consumer.commands", "/actuator/prometheus",
                    "/actuator/jolokia/list", "/actuator/metrics", "/actuator/env", "/api/v1/admin/journeys/1",
                    "/api/v1/admin/journeys?messageId=m", "/api/v1/admin/parked-aggregates",
                    "/api/v1/admin/delivery-audit", "/api/v1/admin/delivery-audit/alarms",
                    "/partners/api/v1/admin/journeys/1", "/partners/api/v1/admin/parked-aggregates",
                    "/partners/api/v1/admin/delivery-audit")) {
                Map<String, String> headers = new LinkedHashMap<>(credentials);
                headers.put("Accept", JSON);
                cases.add(new Case("operator API as " + who, "GET", admin, headers, null, List.of(401, 404)));
            }
        }
    }

    @Test
    void shouldSayWhatTheBodyMustBeInTheApisWordsWhenItIsNoObject() throws Exception {
        RawHttp http = new RawHttp(port);
        for (String body : List.of("[]", "true", "12", "null")) {
            RawHttp.Response response = http.send("POST", "/api/v1/orders", Map.of("Content-Type", JSON), utf8(body));
            assertThat(response.status()).isEqualTo(400);
            assertThat(json.readTree(response.body()).get("detail").asText())
                    .isEqualTo("The body must be a JSON object with consumerId, restaurantId, lineItems.");
        }
        RawHttp.Response quantity = http.send("POST", "/api/v1/orders", Map.of("Content-Type", JSON),
                utf8(order("\"c-1\"", "\"naan\"", "2.5", null)));
        assertThat(json.readTree(quantity.body()).get("detail").asText())
                .isEqualTo("Field 'lineItems[0].quantity' must be a whole number.");
        RawHttp.Response tooMany = http.send("POST", "/api/v1/orders", Map.of("Content-Type", JSON),
                utf8(order("\"c-1\"", "\"naan\"", "101", null)));
        assertThat(json.readTree(tooMany.body()).get("detail").asText())
                .isEqualTo("'lineItems[0].quantity' must be at most 100.");
    }

    @Test
    void shouldReadConsumerIdOnlyFromTheQueryAndTheIdempotencyKeyOnlyFromTheHeader() throws Exception {
        RawHttp http = new RawHttp(port);
        String mine = "c-" + UUID.randomUUID();
        String theirs = "c-" + UUID.randomUUID();
        String key = UUID.randomUUID().toString();
        for (String consumer : List.of(mine, theirs)) {
            RawHttp.Response placed = http.send("POST", "/api/v1/orders?Idempotency-Key=" + key,
                    Map.of("Content-Type", JSON), utf8(order("\"" + consumer + "\"", "\"naan\"", "1", null)));
            // a key in the query is no key: two different bodies under it are two orders, not a 422 reuse
            assertThat(placed.status()).as(placed.body()).isEqualTo(202);
            assertThat(placed.header("Idempotent-Replayed")).isNull();
        }

        RawHttp.Response listed = http.send("GET", "/api/v1/orders?consumerId=" + mine,
                Map.of("consumerId", theirs), null);
        assertThat(listed.status()).isEqualTo(200);
        JsonNode orders = json.readTree(listed.body());
        assertThat(orders).hasSize(1);
        assertThat(orders.get(0).get("consumerId").asText()).isEqualTo(mine);

        RawHttp.Response headerOnly = http.send("GET", "/api/v1/orders", Map.of("consumerId", theirs), null);
        assertThat(headerOnly.status()).as("a header is not the query parameter").isEqualTo(400);

        // nor does a header replace a path parameter
        String orderId = orders.get(0).get("orderId").asText();
        RawHttp.Response byPath = http.send("GET", "/api/v1/orders/" + orderId, Map.of("orderId", "1"), null);
        assertThat(json.readTree(byPath.body()).get("orderId").asText()).isEqualTo(orderId);
    }

    @Test
    void shouldLetOnlyPartnersAndOperatorsWriteAndOnlyOperatorsInjectFaults() throws Exception {
        RawHttp http = new RawHttp(port);
        Map<String, String> partner = Map.of("Content-Type", JSON, "Authorization", PARTNER);
        RawHttp.Response created = http.send("POST", "/partners/api/v1/consumers", partner,
                utf8("{\"name\":\"Partner's consumer\",\"creditLimit\":10}"));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        String consumer = json.readTree(created.body()).get("consumerId").asText();
        RawHttp.Response restaurant = http.send("POST", "/partners/api/v1/restaurants", partner,
                utf8("{\"name\":\"R\",\"menuItems\":[{\"id\":\"m1\",\"name\":\"Soup\",\"price\":1}]}"));
        assertThat(restaurant.status()).as(restaurant.body()).isEqualTo(201);

        // reading stays public
        assertThat(http.send("GET", "/partners/api/v1/consumers/" + consumer, Map.of(), null).status()).isEqualTo(200);
        assertThat(http.send("GET", "/api/v1/restaurants/" + RESTAURANT, Map.of(), null).status()).isEqualTo(200);
        assertThat(http.send("GET", "/partners/api/v1/legacy/accounting/instances/0/mode", Map.of(), null).status())
                .isEqualTo(200);

        // a partner is no operator: fault injection and the operator APIs answer 403 problems
        for (String[] call : List.of(new String[] { "PUT", "/partners/api/v1/legacy/accounting/instances/0/mode" },
                new String[] { "GET", "/api/v1/admin/outbox" }, new String[] { "GET", "/partners/api/v1/admin/outbox" },
                new String[] { "GET", "/actuator/prometheus" })) {
            RawHttp.Response refused = http.send(call[0], call[1], partner,
                    call[0].equals("PUT") ? utf8("{\"mode\":\"down\"}") : null);
            assertThat(refused.status()).as(call[1]).isEqualTo(403);
            assertThat(refused.header("Content-Type")).startsWith("application/problem+json");
            assertThat(json.readTree(refused.body()).get("status").asInt()).isEqualTo(403);
        }
        RawHttp.Response mode = http.send("GET", "/partners/api/v1/legacy/accounting/instances/0/mode", Map.of(), null);
        assertThat(json.readTree(mode.body()).get("mode").asText()).as("nothing was switched").isEqualTo("normal");

        // anonymous: 401 problems with the Basic challenge
        RawHttp.Response anonymous = http.send("PUT", "/partners/api/v1/legacy/accounting/instances/0/mode",
                Map.of("Content-Type", JSON), utf8("{\"mode\":\"down\"}"));
        assertThat(anonymous.status()).isEqualTo(401);
        assertThat(anonymous.header("WWW-Authenticate")).startsWith("Basic realm=");
        assertThat(json.readTree(anonymous.body()).get("status").asInt()).isEqualTo(401);

        // the operator may do both
        RawHttp.Response normal = http.send("PUT", "/partners/api/v1/legacy/accounting/instances/0/mode",
                Map.of("Content-Type", JSON, "Authorization", OPERATOR), utf8("{\"mode\":\"normal\"}"));
        assertThat(normal.status()).as(normal.body()).isEqualTo(200);
    }

    @Test
    void shouldRefuseAnOrderWhoseTotalWouldNotFitTheDatabaseColumn() throws Exception {
        RawHttp http = new RawHttp(port);
        String restaurant = created(http, "/partners/api/v1/restaurants",
                "{\"name\":\"Caviar\",\"menuItems\":[{\"id\":\"tin\",\"name\":\"Tin\",\"price\":99999999.99}]}",
                "restaurantId");
        await().atMost(Duration.ofSeconds(20)).until(() -> http.send("GET", "/api/v1/restaurants/" + restaurant,
                Map.of(), null).status() == 200);
        // each line is within its limits; together they exceed orders.order_total numeric(12,2)
        String lines = String.join(",", Collections.nCopies(2, "{\"menuItemId\":\"tin\",\"quantity\":100}"));
        RawHttp.Response refused = http.send("POST", "/api/v1/orders", Map.of("Content-Type", JSON),
                utf8("{\"consumerId\":\"c-1\",\"restaurantId\":\"" + restaurant + "\",\"lineItems\":[" + lines + "]}"));
        assertThat(refused.status()).as(refused.body()).isEqualTo(422);
        assertThat(refused.header("Content-Type")).startsWith("application/problem+json");
        assertThat(json.readTree(refused.body()).get("detail").asText()).contains("over the limit");
    }

    @Test
    void shouldShowTheInputLimitsInTheOpenApiDocument() throws Exception {
        RawHttp.Response document = new RawHttp(port).send("GET", "/api/v1/openapi.json", Map.of(), null);
        assertThat(document.status()).isEqualTo(200);
        JsonNode schemas = json.readTree(document.body()).at("/components/schemas");
        JsonNode order = schemas.get("CreateOrderRequest");
        assertThat(order.get("required")).extracting(JsonNode::asText)
                .contains("consumerId", "restaurantId", "lineItems");
        assertThat(order.at("/properties/consumerId/maxLength").asInt()).isEqualTo(64);
        assertThat(order.at("/properties/lineItems/maxItems").asInt()).isEqualTo(50);
        assertThat(order.at("/properties/deliveryTime/format").asText()).isEqualTo("date-time");
        JsonNode lineItem = schemas.get("NewLineItem");
        assertThat(order.at("/properties/lineItems/items/$ref").asText()).isEqualTo("#/components/schemas/NewLineItem");
        assertThat(lineItem.at("/properties/quantity/maximum").asInt()).isEqualTo(100);
        assertThat(lineItem.at("/properties/quantity/minimum").asInt()).isEqualTo(1);
        assertThat(lineItem.at("/properties/menuItemId/maxLength").asInt()).isEqualTo(64);
        // no schema is named after a Java class, and every reference resolves
        assertThat(schemas.fieldNames()).toIterable().noneMatch(name -> name.contains("."));
        assertThat(document.body()).doesNotContain("io.integrationhub");

        // partner-adapters' request records are in its own document
        RawHttp.Response partners = new RawHttp(port).send("GET", "/partners/api/v1/openapi.json", Map.of(), null);
        assertThat(partners.status()).isEqualTo(200);
        JsonNode partnerSchemas = json.readTree(partners.body()).at("/components/schemas");
        assertThat(partnerSchemas.at("/NewConsumer/properties/creditLimit/maximum").decimalValue())
                .isEqualByComparingTo("9999999999.99");
        assertThat(partnerSchemas.at("/MenuItem/properties/price/maximum").decimalValue())
                .isEqualByComparingTo("99999999.99");
        assertThat(partnerSchemas.at("/MenuItem/properties/id/maxLength").asInt()).isEqualTo(64);
        assertThat(partnerSchemas.at("/FaultMode/properties/errorRate/maximum").asInt()).isEqualTo(1);
        assertThat(partnerSchemas.fieldNames()).toIterable().noneMatch(name -> name.contains("."));
        assertThat(partners.body()).doesNotContain("io.integrationhub");
    }

    private String problemIn(Case c, RawHttp.Response response) {
        if (!c.statuses().contains(response.status())) {
            return "status " + response.status() + ", expected one of " + c.statuses() + ": "
                    + abbreviate(response.body());
        }
        String contentType = response.header("Content-Type");
        if (contentType == null || !contentType.startsWith("application/problem+json")) {
            return "Content-Type " + contentType + ": " + abbreviate(response.body());
        }
        JsonNode problem;
        try {
            problem = json.readTree(response.body());
        } catch (Exception e) {
            return "body is not JSON: " + abbreviate(response.body());
        }
        if (problem == null || !problem.isObject() || problem.path("status").asInt() != response.status()
                || !problem.path("title").isTextual() || !problem.path("detail").isTextual()) {
            return "not a problem document with the status " + response.status() + ": " + abbreviate(response.body());
        }
        for (String internal : List.of("io.integrationhub", "java.", "Exception", "jakarta.", "org.apache",
                "com.fasterxml", "<html")) {
            if (response.body().contains(internal)) {
                return "names internals (" + internal + "): " + abbreviate(response.body());
            }
        }
        if (response.status() == 401 && !String.valueOf(response.header("WWW-Authenticate")).startsWith("Basic")) {
            return "401 without a Basic challenge";
        }
        return null;
    }

    private void badOrder(String name, byte[] body) {
        cases.add(new Case(name, "POST", "/api/v1/orders", Map.of("Content-Type", JSON), body, List.of(400)));
    }

    private void badPartner(String name, String method, String target, String body) {
        cases.add(new Case(name, method, target, Map.of("Content-Type", JSON, "Authorization", OPERATOR), utf8(body),
                List.of(400, 404)));
    }

    private void unauthorized(String who, String method, String target, String body, Map<String, String> credentials) {
        Map<String, String> headers = new LinkedHashMap<>(credentials);
        headers.put("Content-Type", JSON);
        cases.add(new Case(method + " as " + who, method, target, headers, utf8(body), List.of(401)));
    }

    private static Map<String, String> withJson(Map<String, String> credentials) {
        Map<String, String> headers = new LinkedHashMap<>(credentials);
        headers.put("Content-Type", JSON);
        return headers;
    }

    private void get(String name, String target) {
        cases.add(new Case(name, "GET", target, Map.of(), null, List.of(400, 404)));
    }

    /** A create-order body whose parts are raw JSON (so a test can put any value in). */
    static String order(String consumerId, String menuItemId, String quantity, String extraField) {
        return "{\"consumerId\":" + consumerId + ",\"restaurantId\":\"" + RESTAURANT + "\",\"lineItems\":[{\"menuItemId\":"
                + menuItemId + ",\"quantity\":" + quantity + "}]" + (extraField == null ? "" : "," + extraField) + "}";
    }

    private String created(RawHttp http, String path, String body, String idField) throws Exception {
        RawHttp.Response response = http.send("POST", path, Map.of("Content-Type", JSON, "Authorization", OPERATOR),
                utf8(body));
        assertThat(response.status()).as("%s: %s", path, response.body()).isEqualTo(201);
        return json.readTree(response.body()).get(idField).asText();
    }

    static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    static byte[] bytes(String before, byte[] middle, String after) {
        byte[] a = utf8(before);
        byte[] c = utf8(after);
        byte[] all = new byte[a.length + middle.length + c.length];
        System.arraycopy(a, 0, all, 0, a.length);
        System.arraycopy(middle, 0, all, a.length, middle.length);
        System.arraycopy(c, 0, all, a.length + middle.length, c.length);
        return all;
    }

    static String abbreviate(String text) {
        return text.length() <= 80 ? text : text.substring(0, 60) + "…(" + text.length() + " chars)";
    }
}
