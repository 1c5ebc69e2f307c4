package io.integrationhub.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Collectors;

import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.Route;
import org.apache.camel.component.jms.JmsEndpoint;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.yaml.snakeyaml.Yaml;

import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * asyncapi.yaml is the contract of the messaging API: this test fails when a route sends to a destination, a message
 * type, a header or a JSON payload the document does not declare, or consumes a channel it does not declare. It checks what
 * {@link BrokerTraffic} recorded — its own flows below plus everything the system tests before it sent (it runs
 * last, see junit-platform.properties).
 */
@HubSystemTest
@Order(Integer.MAX_VALUE)
class AsyncApiConformanceTest {

    static Map<String, Object> document;

    @LocalServerPort
    int port;

    @Autowired
    BrokerTraffic traffic;

    @Autowired
    CamelContext camel;

    @Autowired
    ObjectMapper json;

    @Autowired
    ProducerTemplate producer;

    final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void readDocument() throws Exception {
        try (InputStream in = AsyncApiConformanceTest.class.getResourceAsStream("/asyncapi.yaml")) {
            assertThat(in).as("asyncapi.yaml on the classpath").isNotNull();
            document = new Yaml().load(in);
        }
        assertThat(document.get("asyncapi")).isEqualTo("3.0.0");
    }

    @Test
    void shouldSendOnlyWhatTheAsyncApiDocumentDeclares() throws Exception {
        exerciseTheMessagingApi();

        Map<String, Set<String>> channelMessages = channelMessages();
        Set<String> replies = replyMessages();
        Set<String> violations = new TreeSet<>();
        Set<String> seen = new HashSet<>();
        for (BrokerTraffic.Sent sent : traffic.sent()) {
            seen.add(sent.messageType());
            String where = "route " + sent.route() + " sent " + sent.messageType() + " to " + sent.destination();
            String message;
            if (sent.destination().startsWith("DLQ.")) {
                message = "DeadLetter";
                if (!channelMessages.containsKey(sent.destination().substring(4))) {
                    violations.add(where + ": dead letters of an undeclared channel");
                }
            } else if (channelMessages.getOrDefault(sent.destination(), Set.of()).contains(sent.messageType())) {
                message = sent.messageType();
            } else if (replies.contains(sent.messageType())) {
                message = sent.messageType(); // a reply goes wherever the command's JMSReplyTo said
            } else {
                violations.add(where + ": not declared for that channel");
                continue;
            }
            Set<String> undeclared = new TreeSet<>(sent.headers());
            undeclared.removeAll(headers(message));
            if (message.equals("DeadLetter")) {
                // a dead letter keeps the headers of the message as its sender (maybe a foreign client) sent it: only
                // the dead-letter headers the hub adds (hub*) are the route's own
                undeclared.removeIf(header -> !header.startsWith("hub"));
            }
            if (!undeclared.isEmpty()) {
                violations.add(where + " with undeclared headers " + undeclared);
            }
            if (!message.equals("DeadLetter")) {
                payloadViolation(sent, where).ifPresent(violations::add);
            }
        }
        for (Route route : camel.getRoutes()) {
            if (route.getEndpoint() instanceof JmsEndpoint jms && !channelMessages.containsKey(jms.getDestinationName())) {
                violations.add("route " + route.getRouteId() + " consumes undeclared " + jms.getDestinationName());
            }
        }

        assertThat(violations).as("sent or consumed but not in asyncapi.yaml").isEmpty();
        assertThat(payloadsChecked).as("payloads checked against their schemas").contains("OrderCreated",
                "ValidateConsumerInfo", "CreateTicket", "TicketCreated", "Success", "DeliveryQuoteRequested",
                "DeliveryQuote", "NotifyConsumer");
        assertThat(seen).as("the recorder saw the flows this test drove").contains("RestaurantCreated", "MenuRevised",
                "OrderCreated", "ValidateConsumerInfo", "ValidateOrderDetails", "ConsumerValidated",
                "OrderDetailsValidated", "OrderValidated", "ConsumerValidationFailed", "OrderRejected",
                "NotifyConsumer", "GetConsumer", "ConsumerDetails", "CreateTicket", "ConfirmCreateTicket",
                "CancelCreateTicket", "TicketCreated", "TicketCreationFailed", "Success", "Failure",
                "BeginCancelTicket", "ConfirmCancelTicket", "UndoBeginCancelTicket", "BeginReviseTicket",
                "ConfirmReviseTicket", "UndoBeginReviseTicket", "DeliveryQuoteRequested", "DeliveryQuote",
                "DeliveryQuoteDeclined", "OrderDeliveryQuoted");
    }

    /**
     * A validated order, a rejected one (with its notification), a menu revision, a synchronous query, and the
     * kitchen's commands (the create-, cancel- and revise-order sagas') with each of its replies.
     */
    private void exerciseTheMessagingApi() throws Exception {
        String restaurant = created("/partners/api/v1/restaurants", """
                {"name":"Contract Kitchen","menuItems":[{"id":"dal","name":"Dal","price":4.50}]}""", "restaurantId");
        String consumer = created("/partners/api/v1/consumers", "{\"name\":\"Ada\",\"creditLimit\":50}", "consumerId");
        await().atMost(Duration.ofSeconds(20)).until(() -> send("GET", "/api/v1/restaurants/" + restaurant, null)
                .statusCode() == 200);
        assertThat(send("PUT", "/partners/api/v1/restaurants/" + restaurant + "/menu",
                "{\"menuItems\":[{\"id\":\"dal\",\"name\":\"Dal\",\"price\":5.00}]}").statusCode()).isEqualTo(200);
        String validated = order(consumer, restaurant);
        String rejected = order("c-nobody-" + UUID.randomUUID(), restaurant);
        assertThat(send("GET", "/api/v1/consumers/" + consumer, null).statusCode()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(30)).until(() -> state(validated).equals("APPROVED")
                && state(rejected).equals("REJECTED"));
        await().atMost(Duration.ofSeconds(20)).until(() -> traffic.sent().stream()
                .anyMatch(sent -> "NotifyConsumer".equals(sent.messageType())));
        exerciseTheKitchen();
        exerciseTheCouriers(consumer, restaurant);
    }

    /** Delivery quotes: one courier quotes, the other declines; the aggregator announces the decision. */
    private void exerciseTheCouriers(String consumer, String restaurant) throws Exception {
        assertThat(send("PUT", "/partners/api/v1/couriers/thrifty/mode", "{\"mode\":\"declining\"}").statusCode())
                .isEqualTo(200);
        try {
            String quoted = order(consumer, restaurant);
            await().atMost(Duration.ofSeconds(30)).until(() -> json.readTree(send("GET", "/api/v1/orders/" + quoted,
                    null).body()).has("delivery"));
        } finally {
            send("PUT", "/partners/api/v1/couriers/thrifty/mode", "{\"mode\":\"normal\"}");
        }
    }

    /**
     * The kitchen's commands and each of its replies, until order-app's saga sends them: the commands go through a
     * Camel JMS producer as order-app's broker user (so the recorder sees them), the replies through the kitchen outbox.
     */
    private void exerciseTheKitchen() {
        String confirmed = "o-contract-" + UUID.randomUUID();
        String overtaken = "o-contract-" + UUID.randomUUID();
        kitchenCommand(confirmed, "CreateTicket", """
                {"orderId":"%s","restaurantId":"r-contract","lineItems":[{"menuItemId":"dal","quantity":1}]}"""
                .formatted(confirmed));
        kitchenCommand(confirmed, "ConfirmCreateTicket", "{\"orderId\":\"" + confirmed + "\"}");
        kitchenCommand(confirmed, "CancelCreateTicket", "{\"orderId\":\"" + confirmed + "\"}"); // Failure
        // the cancel- and revise-order sagas' steps on the confirmed ticket: lock, undo, lock, confirm
        String revision = "{\"orderId\":\"" + confirmed + "\",\"revisedLineItemQuantities\":{\"dal\":2}}";
        kitchenCommand(confirmed, "BeginReviseTicket", revision);
        kitchenCommand(confirmed, "UndoBeginReviseTicket", "{\"orderId\":\"" + confirmed + "\"}");
        kitchenCommand(confirmed, "BeginReviseTicket", revision);
        kitchenCommand(confirmed, "ConfirmReviseTicket", revision);
        kitchenCommand(confirmed, "BeginCancelTicket", "{\"orderId\":\"" + confirmed + "\"}");
        kitchenCommand(confirmed, "UndoBeginCancelTicket", "{\"orderId\":\"" + confirmed + "\"}");
        kitchenCommand(confirmed, "BeginCancelTicket", "{\"orderId\":\"" + confirmed + "\"}");
        kitchenCommand(confirmed, "ConfirmCancelTicket", "{\"orderId\":\"" + confirmed + "\"}");
        kitchenCommand(overtaken, "CancelCreateTicket", "{\"orderId\":\"" + overtaken + "\"}"); // Success
        kitchenCommand(overtaken, "CreateTicket", """
                {"orderId":"%s","restaurantId":"r-contract","lineItems":[{"menuItemId":"dal","quantity":1}]}"""
                .formatted(overtaken)); // TicketCreationFailed
        Set<String> replies = Set.of("TicketCreated", "TicketCreationFailed", "Success", "Failure");
        await().atMost(Duration.ofSeconds(30)).until(() -> traffic.sent().stream()
                .map(BrokerTraffic.Sent::messageType).collect(Collectors.toSet()).containsAll(replies));
    }

    private void kitchenCommand(String orderId, String type, String body) {
        Map<String, Object> envelope = new HashMap<>();
        envelope.put("messageId", UUID.randomUUID().toString());
        envelope.put("messageType", type);
        envelope.put("messageVersion", "1.0");
        envelope.put("aggregateType", "Order");
        envelope.put("aggregateId", orderId);
        envelope.put("JMSXGroupID", orderId);
        envelope.put("JMSReplyTo", TestCommands.REPLY_QUEUE);
        // preserveMessageQos: an InOnly JMS producer drops JMSReplyTo otherwise
        producer.sendBodyAndHeaders("{{hub.order-app.jms-component}}:queue:{{hub.channels.kitchen-commands}}"
                + "?preserveMessageQos=true", body, envelope);
    }

    /**
     * The body against the payload schema of the message it is, chosen by messageType and the major of its
     * messageVersion (OrderCreated 1.0 and 2.0 are two messages of one type). Binary bodies (protobuf) are the IDL's.
     */
    private java.util.Optional<String> payloadViolation(BrokerTraffic.Sent sent, String where) {
        if (sent.body() == null || (sent.contentType() != null && !sent.contentType().contains("json"))) {
            return java.util.Optional.empty();
        }
        String major = sent.messageVersion() == null ? "1" : sent.messageVersion().split("\\.")[0];
        List<String> candidates = messages().entrySet().stream()
                .filter(m -> sent.messageType().equals(m.getValue().getOrDefault("name", m.getKey())))
                .filter(m -> !m.getValue().containsKey("title")
                        || ((String) m.getValue().get("title")).endsWith(" " + major + ".0"))
                .map(Map.Entry::getKey).toList();
        if (candidates.size() != 1) {
            return java.util.Optional.of(where + " (version " + sent.messageVersion() + "): " + candidates.size()
                    + " messages of the document match its type and major");
        }
        try {
            var report = payloadSchema(candidates.get(0)).validate(json.readTree(sent.body()));
            payloadsChecked.add(candidates.get(0));
            if (report.isSuccess()) {
                return java.util.Optional.empty();
            }
            List<String> problems = new ArrayList<>();
            report.forEach(problem -> {
                if (problem.getLogLevel().compareTo(com.github.fge.jsonschema.core.report.LogLevel.ERROR) >= 0) {
                    problems.add(problem.getMessage());
                }
            });
            return java.util.Optional.of(where + " (version " + sent.messageVersion() + ") with a payload its schema "
                    + candidates.get(0) + " refuses: " + problems + " — " + sent.body());
        } catch (Exception e) {
            return java.util.Optional.of(where + ": payload not JSON (" + e.getMessage() + ")");
        }
    }

    private final Map<String, com.github.fge.jsonschema.main.JsonSchema> payloadSchemas = new HashMap<>();
    private final Set<String> payloadsChecked = new TreeSet<>();

    /**
     * A message's payload as a JSON schema (java-json-tools, already here for the OpenAPI replay): the payload with
     * the document's components beside it, so its {@code #/components/schemas/…} references resolve as written.
     */
    private com.github.fge.jsonschema.main.JsonSchema payloadSchema(String message) throws Exception {
        if (!payloadSchemas.containsKey(message)) {
            Map<String, Object> schema = new HashMap<>(cast(messages().get(message).get("payload")));
            schema.put("components", document.get("components"));
            payloadSchemas.put(message, com.github.fge.jsonschema.main.JsonSchemaFactory.byDefault()
                    .getJsonSchema(json.valueToTree(schema)));
        }
        return payloadSchemas.get(message);
    }

    // ---- the document

    /** Channel address → names of its messages. */
    private static Map<String, Set<String>> channelMessages() {
        Map<String, Set<String>> byAddress = new HashMap<>();
        map(document, "channels").values().forEach(channel -> {
            Map<String, Object> c = cast(channel);
            String address = ((String) c.get("address")).replace("{channel}", "*");
            byAddress.put(address, new HashSet<>(map(c, "messages").keySet()));
        });
        return byAddress;
    }

    /** Messages sent back to a requester's JMSReplyTo (operations' replies). */
    private static Set<String> replyMessages() {
        Set<String> replies = new HashSet<>();
        map(document, "operations").values().forEach(operation -> {
            Map<String, Object> reply = cast(cast(operation).get("reply"));
            if (reply != null) {
                for (Object ref : (List<?>) reply.get("messages")) {
                    replies.add(lastSegment(cast(ref)));
                }
            }
        });
        return replies;
    }

    private static Map<String, Map<String, Object>> messages() {
        return map(map(document, "components"), "messages");
    }

    /** Header names a message declares (its headers schema, or every schema of an allOf). */
    private static Set<String> headers(String message) {
        Map<String, Object> headers = cast(messages().get(message).get("headers"));
        List<Map<String, Object>> schemas = new ArrayList<>();
        if (headers.containsKey("allOf")) {
            ((List<?>) headers.get("allOf")).forEach(part -> schemas.add(cast(part)));
        } else {
            schemas.add(headers);
        }
        Set<String> names = new HashSet<>();
        for (Map<String, Object> schema : schemas) {
            Map<String, Object> resolved = cast(map(map(document, "components"), "schemas").get(lastSegment(schema)));
            names.addAll(map(resolved, "properties").keySet());
        }
        return names;
    }

    private static String lastSegment(Map<String, Object> ref) {
        String path = (String) ref.get("$ref");
        return path.substring(path.lastIndexOf('/') + 1);
    }

    @SuppressWarnings("unchecked")
    private static <T> Map<String, T> map(Map<String, ?> parent, String key) {
        return (Map<String, T>) parent.get(key);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> cast(Object value) {
        return (Map<String, Object>) value;
    }

    // ---- HTTP

    private String order(String consumer, String restaurant) throws Exception {
        return created("/api/v1/orders", """
                {"consumerId":"%s","restaurantId":"%s","lineItems":[{"menuItemId":"dal","quantity":1}]}"""
                .formatted(consumer, restaurant), "orderId");
    }

    private String state(String orderId) throws Exception {
        return json.readTree(send("GET", "/api/v1/orders/" + orderId, null).body()).get("state").asText();
    }

    private String created(String path, String body, String idField) throws Exception {
        HttpResponse<String> response = send("POST", path, body);
        assertThat(response.statusCode()).as(response.body()).isBetween(200, 299);
        return json.readTree(response.body()).get(idField).asText();
    }

    private HttpResponse<String> send(String method, String path, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json").header("Authorization", HubSystemTest.OPERATOR_BASIC);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
