package io.integrationhub.order.orders;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadPoolExecutor;

import jakarta.jms.ConnectionFactory;
import jakarta.jms.Message;
import jakarta.jms.TextMessage;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.integrationhub.order.BrokerProbe;
import io.integrationhub.order.OrderAppTest;

/** POST /api/v1/orders end to end: HTTP in, order + outbox in one transaction, messages out through the broker. */
@OrderAppTest
class OrderIntakeTest {

    static final String VALID_ORDER = """
            {"consumerId":"c-%s","restaurantId":"r-ajanta","lineItems":[{"menuItemId":"naan","quantity":2},
             {"menuItemId":"chicken-vindaloo","quantity":1}],"deliveryAddress":"1 Main St","someNewField":{"x":1}}""";

    @LocalServerPort
    int port;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    ConnectionFactory connectionFactory;

    @Autowired
    ObjectMapper json;

    @Autowired
    ApplicationContext context;

    final HttpClient http = HttpClient.newHttpClient();

    /**
     * The route runs on the Tomcat thread that received the request (RequestThreadHttpEngine): Camel's platform-http
     * starter would hand it to Spring's task executor and have Spring MVC dispatch the request a second time.
     */
    @Test
    void shouldRouteARequestOnTheThreadThatReceivedItWithoutHandingItToTheTaskExecutor() throws Exception {
        ThreadPoolExecutor taskExecutor = context.getBean("applicationTaskExecutor", ThreadPoolTaskExecutor.class)
                .getThreadPoolExecutor();
        long handedOver = taskExecutor.getTaskCount();

        HttpResponse<String> response = post(VALID_ORDER.formatted(UUID.randomUUID()));

        assertThat(response.statusCode()).isEqualTo(202);
        assertThat(json.readTree(response.body()).get("state").asText()).isEqualTo("APPROVAL_PENDING");
        assertThat(taskExecutor.getTaskCount()).as("requests handed to the task executor").isEqualTo(handedOver);
    }

    @Test
    void shouldAcceptAnOrderAtOnceAndPublishItsThreeMessagesWithTheEnvelope() throws Exception {
        String consumer = UUID.randomUUID().toString();
        String traceparent = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";
        try (BrokerProbe events = BrokerProbe.topic(connectionFactory, "order.events",
                "messageType = 'OrderCreated'")) {
            HttpResponse<String> response = post(VALID_ORDER.formatted(consumer), "traceparent", traceparent);

            assertThat(response.statusCode()).isEqualTo(202);
            JsonNode order = json.readTree(response.body());
            String orderId = order.get("orderId").asText();
            assertThat(response.headers().firstValue("Location")).contains("/api/v1/orders/" + orderId);
            assertThat(order.get("state").asText()).isEqualTo("APPROVAL_PENDING");
            assertThat(order.get("orderTotal").decimalValue()).isEqualByComparingTo("19.34"); // 2 × 3.50 + 12.34
            assertThat(order.at("/_links/self/href").asText()).isEqualTo("/api/v1/orders/" + orderId);
            assertThat(order.at("/_links/cancel").isMissingNode()).as("no cancel while pending").isTrue();

            Message created = events.receive(m -> orderId.equals(m.getStringProperty("aggregateId")), 15_000);
            assertEnvelope(created, "OrderCreated", orderId, traceparent, null);
            assertThat(json.readTree(((TextMessage) created).getText()).get("consumerId").asText())
                    .isEqualTo("c-" + consumer);

            String selector = "aggregateId = '" + orderId + "'";
            try (BrokerProbe consumerCommands = BrokerProbe.queue(connectionFactory, "consumer.commands", selector);
                    BrokerProbe restaurantCommands = BrokerProbe.queue(connectionFactory, "restaurant.commands",
                            selector)) {
                assertEnvelope(consumerCommands.receive(15_000), "ValidateConsumerInfo", orderId, traceparent,
                        "order.replies");
                Message details = restaurantCommands.receive(15_000);
                assertEnvelope(details, "ValidateOrderDetails", orderId, traceparent, "order.replies");
                assertThat(json.readTree(((TextMessage) details).getText()).get("lineItems")).hasSize(2);
            }
        }
    }

    @Test
    void shouldReturnTheSameOrderWhenAPostIsRetriedWithTheSameIdempotencyKey() throws Exception {
        String key = UUID.randomUUID().toString();
        String body = VALID_ORDER.formatted(key);

        HttpResponse<String> first = post(body, "Idempotency-Key", key);
        HttpResponse<String> retry = post(body, "Idempotency-Key", key);

        assertThat(first.statusCode()).isEqualTo(202);
        assertThat(retry.statusCode()).isEqualTo(202);
        String orderId = json.readTree(first.body()).get("orderId").asText();
        assertThat(json.readTree(retry.body()).get("orderId").asText()).isEqualTo(orderId);
        assertThat(retry.headers().firstValue("Idempotent-Replayed")).contains("true");
        assertThat(ordersOf("c-" + key)).isEqualTo(1);
        assertThat(jdbc.queryForObject("select count(*) from orders.outbox where aggregate_id = ?", Integer.class,
                orderId)).isEqualTo(3);

        HttpResponse<String> reused = post(VALID_ORDER.formatted("someone-else"), "Idempotency-Key", key);
        assertProblem(reused, 422, "already used for a different request");
    }

    @Test
    void shouldCreateOneOrderWhenConcurrentRetriesCarryTheSameKey() throws Exception {
        String key = UUID.randomUUID().toString();
        String body = VALID_ORDER.formatted(key);
        List<Future<HttpResponse<String>>> responses = new ArrayList<>();
        var pool = Executors.newFixedThreadPool(4);
        for (int i = 0; i < 4; i++) {
            responses.add(pool.submit((Callable<HttpResponse<String>>) () -> post(body, "Idempotency-Key", key)));
        }
        pool.shutdown();
        List<String> ids = new ArrayList<>();
        for (Future<HttpResponse<String>> response : responses) {
            assertThat(response.get().statusCode()).isEqualTo(202);
            ids.add(json.readTree(response.get().body()).get("orderId").asText());
        }
        assertThat(ids).containsOnly(ids.get(0));
        assertThat(ordersOf("c-" + key)).isEqualTo(1);
    }

    @Test
    void shouldRejectClientMistakesWithProblemDetails() throws Exception {
        assertProblem(post("{\"consumerId\":"), 400, "not valid JSON");
        assertProblem(post("[1,2]"), 400, "");
        assertProblem(post("{\"consumerId\":\"c\",\"restaurantId\":\"r-ajanta\",\"lineItems\":[{\"menuItemId\":\"naan\",\"quantity\":\"two\"}]}"),
                400, "lineItems[0].quantity");
        assertProblem(post("{\"restaurantId\":\"r-ajanta\",\"lineItems\":[]}"), 400,
                "'consumerId' is required");
        assertProblem(post("{\"consumerId\":\"c\",\"restaurantId\":\"r-ajanta\",\"lineItems\":[{\"menuItemId\":\"naan\",\"quantity\":0}]}"),
                400, "'lineItems[0].quantity' must be at least 1");
        assertProblem(post("{\"consumerId\":\"c\",\"restaurantId\":\"r-nowhere\",\"lineItems\":[{\"menuItemId\":\"naan\",\"quantity\":1}]}"),
                422, "Restaurant 'r-nowhere' is not known");
        assertProblem(post("{\"consumerId\":\"c\",\"restaurantId\":\"r-ajanta\",\"lineItems\":[{\"menuItemId\":\"pizza\",\"quantity\":1}]}"),
                422, "no menu item(s) pizza");
        assertProblem(post("{\"consumerId\":\"c\",\"padding\":\"" + "x".repeat(70_000) + "\"}"), 413, "limit");
        assertProblem(send(HttpRequest.newBuilder(uri("/api/v1/orders")).header("Content-Type", "text/plain")
                .POST(HttpRequest.BodyPublishers.ofString("hello"))), 415, "not supported");
        assertProblem(get("/api/v1/orders/999999999"), 404, "does not exist");
        assertProblem(get("/api/v1/orders/not-a-number"), 404, "does not exist");
        assertProblem(get("/api/v1/orders"), 400, "consumerId");
    }

    @Test
    void shouldLeaveNeitherOrderNorMessagesWhenTheTransactionFailsAfterTheOrderInsert() throws Exception {
        // a real database failure after the order row is written: the outbox refuses this one message
        jdbc.execute("""
                create or replace function orders.refuse_outbox() returns trigger language plpgsql as $$
                begin
                  if new.payload like '%explode-after-order-insert%' then raise exception 'injected failure'; end if;
                  return new;
                end $$""");
        jdbc.execute("create trigger refuse_outbox before insert on orders.outbox for each row "
                + "execute function orders.refuse_outbox()");
        try {
            String consumer = "c-" + UUID.randomUUID();
            HttpResponse<String> response = post("""
                    {"consumerId":"%s","restaurantId":"r-ajanta","lineItems":[{"menuItemId":"naan","quantity":1}],
                     "deliveryAddress":"explode-after-order-insert"}""".formatted(consumer));

            assertProblem(response, 500, "reference");
            assertThat(response.body()).doesNotContain("injected failure").doesNotContain("Exception");
            assertThat(ordersOf(consumer)).isZero();
            assertThat(jdbc.queryForObject("select count(*) from orders.outbox where payload like ?", Integer.class,
                    "%" + consumer + "%")).isZero();
        } finally {
            jdbc.execute("drop trigger refuse_outbox on orders.outbox");
        }
    }

    @Test
    void shouldReadOrdersBackByIdAndByConsumer() throws Exception {
        String consumer = UUID.randomUUID().toString();
        String first = json.readTree(post(VALID_ORDER.formatted(consumer)).body()).get("orderId").asText();
        String second = json.readTree(post(VALID_ORDER.formatted(consumer)).body()).get("orderId").asText();

        HttpResponse<String> one = get("/api/v1/orders/" + first);
        assertThat(one.statusCode()).isEqualTo(200);
        assertThat(one.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).contains("json"));
        assertThat(json.readTree(one.body()).get("lineItems")).hasSize(2);
        // money keeps its scale, as in the POST's answer (the tree model used to strip it: 3.5, 17)
        assertThat(one.body()).containsPattern("\"orderTotal\":\\d+\\.\\d{2}[,}]")
                .containsPattern("\"price\":\\d+\\.\\d{2}[,}]");

        JsonNode list = json.readTree(get("/api/v1/orders?consumerId=c-" + consumer).body());
        assertThat(list).hasSize(2);
        assertThat(list.get(0).get("orderId").asText()).isEqualTo(second);
        assertThat(list.get(1).get("orderId").asText()).isEqualTo(first);
    }

    @Test
    void shouldDescribeEveryOperationInTheOpenApiDocument() throws Exception {
        HttpResponse<String> response = get("/api/v1/openapi.json");
        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode doc = json.readTree(response.body());
        assertThat(doc.get("openapi").asText()).startsWith("3.");
        JsonNode paths = doc.get("paths");
        assertThat(paths.at("/~1api~1v1~1orders/post/operationId").asText()).isEqualTo("post-order");
        assertThat(paths.at("/~1api~1v1~1orders/get/operationId").asText()).isEqualTo("find-orders");
        assertThat(paths.at("/~1api~1v1~1orders~1{orderId}/get/operationId").asText()).isEqualTo("get-order");
        assertThat(paths.at("/~1api~1v1~1orders/post/responses/202").isMissingNode()).isFalse();
        assertThat(paths.at("/~1api~1v1~1orders/post/responses/422").isMissingNode()).isFalse();
        assertThat(doc.at("/components/schemas/CreateOrderRequest/properties/lineItems").isMissingNode()).isFalse();
    }

    @Test
    void shouldServeTheMessagingContractBesideTheOpenApiDocument() throws Exception {
        HttpResponse<String> response = get("/api/v1/asyncapi.yaml");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/yaml"));
        assertThat(response.body()).startsWith("# The hub's asynchronous API").contains("asyncapi: 3.0.0")
                .contains("address: order.events").contains("OrderCreated:");
    }

    private void assertEnvelope(Message message, String type, String orderId, String traceparent, String replyTo)
            throws Exception {
        assertThat(message).as(type).isNotNull();
        assertThat(message.getStringProperty("messageType")).isEqualTo(type);
        assertThat(UUID.fromString(message.getStringProperty("messageId"))).isNotNull();
        assertThat(message.getStringProperty("messageVersion")).isEqualTo("1.0");
        assertThat(message.getStringProperty("aggregateType")).isEqualTo("Order");
        assertThat(message.getStringProperty("aggregateId")).isEqualTo(orderId);
        assertThat(message.getStringProperty("JMSXGroupID")).isEqualTo(orderId);
        assertThat(message.getStringProperty("traceparent")).isEqualTo(traceparent);
        if (replyTo == null) {
            assertThat(message.getJMSReplyTo()).isNull();
        } else {
            assertThat(message.getJMSReplyTo()).hasToString("ActiveMQQueue[" + replyTo + "]");
        }
        String stored = jdbc.queryForObject("select message_id::text from orders.outbox where message_id = ?::uuid",
                String.class, message.getStringProperty("messageId"));
        assertThat(stored).as("messageId is the outbox row's").isEqualTo(message.getStringProperty("messageId"));
    }

    private void assertProblem(HttpResponse<String> response, int status, String detailContains) throws Exception {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
        JsonNode problem = json.readTree(response.body());
        assertThat(problem.get("status").asInt()).isEqualTo(status);
        assertThat(problem.get("title").asText()).isNotBlank();
        assertThat(problem.get("detail").asText()).contains(detailContains);
    }

    private int ordersOf(String consumerId) {
        return jdbc.queryForObject("select count(*) from orders.orders where consumer_id = ?", Integer.class,
                consumerId);
    }

    private HttpResponse<String> post(String body, String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri("/api/v1/orders"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return send(request);
    }

    private HttpResponse<String> get(String path) throws Exception {
        return send(HttpRequest.newBuilder(uri(path)).GET());
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }
}
