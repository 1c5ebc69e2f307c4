package io.integrationhub.order.api.v1;

import java.util.Map;

import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.model.rest.RestParamType;
import org.springframework.stereotype.Component;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.integrationhub.order.orders.Order;
import io.integrationhub.order.orders.OrderActionRefused;
import io.integrationhub.order.orders.OrderService;
import io.integrationhub.routes.messaging.TraceParent;
import io.integrationhub.routes.rest.ProblemException;
import io.integrationhub.routes.rest.HubRestErrors;
import io.integrationhub.routes.rest.RequestBodies;
import io.integrationhub.routes.rest.RestRequests;
import io.integrationhub.routes.rest.RestResponses;

/**
 * The v1 order resource in Camel's REST DSL (documented in the generated OpenAPI at /api/v1/openapi.json). JSON is
 * read by {@link RequestBodies} rather than by REST binding, so that a malformed body becomes a 400 problem that
 * says where it is wrong; errors are rendered by the {@code hub-rest} route configuration.
 */
@Component
public class OrderRestRoute extends RouteBuilder {

    static final String HAL_JSON = "application/hal+json";
    static final String JSON = "application/json";
    static final int MAX_LISTED = 100;

    private final OrderService orders;
    private final ObjectMapper json;
    private final RequestBodies bodies;

    public OrderRestRoute(OrderService orders, ObjectMapper json, RequestBodies bodies) {
        this.orders = orders;
        this.json = json;
        this.bodies = bodies;
    }

    @Override
    public void configure() {
        rest("/api/v1/orders").description("Orders (v1)")
                .post().id("post-order")
                    .description("Places an order. Validated against local data only; answers 202 at once while "
                            + "the consumer and restaurant validate it asynchronously. Limits: 1 to "
                            + CreateOrderRequest.MAX_LINE_ITEMS + " line items, quantity 1 to "
                            + CreateOrderRequest.MAX_QUANTITY + " each, ids up to " + CreateOrderRequest.MAX_ID
                            + " characters; unknown fields are ignored, wrong types are refused.")
                    .consumes("application/json").produces(HAL_JSON)
                    // no outType: Camel would document it as a 200, and the answer is a 202 with the order
                    .type(CreateOrderRequest.class)
                    .param().name("Idempotency-Key").type(RestParamType.header).required(false)
                        .description("Retrying with the same key returns the same order, never a second one").endParam()
                    .param().name("traceparent").type(RestParamType.header).required(false)
                        .description("W3C trace context, carried into every message").endParam()
                    .responseMessage().code(202).message("Accepted: the order is APPROVAL_PENDING (or, for a "
                            + "repeated Idempotency-Key, the order that key created)").responseModel(OrderView.class)
                        .header("Location").description("URL of the order").endHeader()
                        .header("Idempotent-Replayed").description("true when the Idempotency-Key was seen before")
                            .endHeader()
                        .header("ETag").description("The order's version, for If-Match on a revise").endHeader()
                        .endResponseMessage()
                    .responseMessage().code(400).message("Malformed or incomplete request (problem+json)").endResponseMessage()
                    .responseMessage().code(413).message("Body too large (problem+json)").endResponseMessage()
                    .responseMessage().code(415).message("Body is not JSON (problem+json)").endResponseMessage()
                    .responseMessage().code(422).message("Unknown restaurant or menu item, a total over the limit, or an "
                            + "Idempotency-Key already used with another body (problem+json)").endResponseMessage()
                    .to("direct:create-order")
                .get("/{orderId}").id("get-order").description("Returns one order; ?expand=consumer adds the "
                            + "consumer's profile from the legacy system (cached and marked stale when it is down)")
                    .produces(HAL_JSON).outType(OrderView.class)
                    .param().name("orderId").type(RestParamType.path).required(true).endParam()
                    .param().name("expand").type(RestParamType.query).required(false)
                        .description("consumer: include the consumer profile").endParam()
                    .responseMessage().code(200).message("The order")
                        .header("ETag").description("The order's version, for If-Match on a revise").endHeader()
                        .endResponseMessage()
                    .responseMessage().code(400).message("orderId or expand not acceptable (problem+json)")
                        .endResponseMessage()
                    .responseMessage().code(404).message("No such order (problem+json)").endResponseMessage()
                    .to("direct:get-order")
                .get().id("find-orders").description("Lists a consumer's orders, newest first (at most " + MAX_LISTED + ")")
                    // a bare JSON array of orders, each a HAL resource: the list itself is not a HAL document
                    .produces(JSON).outType(OrderView[].class)
                    .param().name("consumerId").type(RestParamType.query).required(true)
                        .description("1 to " + CreateOrderRequest.MAX_ID + " characters").endParam()
                    .responseMessage().code(200).message("The consumer's orders (an empty array when none)")
                        .endResponseMessage()
                    .responseMessage().code(400).message("consumerId missing (problem+json)").endResponseMessage()
                    .to("direct:find-orders")
                .post("/{orderId}/cancel").id("cancel-order")
                    .description("Cancels an APPROVED order: it is CANCEL_PENDING (a lock: other changes get 409) while "
                            + "the kitchen and accounting are asked, then CANCELLED — or APPROVED again with the reason "
                            + "in refusedChange when the kitchen has started preparing it")
                    .produces(HAL_JSON)
                    .param().name("orderId").type(RestParamType.path).required(true).endParam()
                    .responseMessage().code(202).message("Accepted: the order is CANCEL_PENDING")
                        .responseModel(OrderView.class)
                        .header("Location").description("URL of the order").endHeader()
                        .header("ETag").description("The order's version now").endHeader().endResponseMessage()
                    .responseMessage().code(404).message("No such order (problem+json)").endResponseMessage()
                    .responseMessage().code(409).message("The order's state does not allow a cancel now (problem+json "
                            + "with state and allowedActions)").responseModel(OrderProblem.class).endResponseMessage()
                    .to("direct:cancel-order")
                .post("/{orderId}/revise").id("revise-order")
                    .description("New quantities for an APPROVED order's line items: REVISION_PENDING (a lock) while "
                            + "the consumer's credit, the kitchen and accounting are asked, then APPROVED with the new "
                            + "quantities and total — or with the old ones and the reason in refusedChange")
                    .consumes("application/json").produces(HAL_JSON)
                    .type(ReviseOrderRequest.class)
                    .param().name("orderId").type(RestParamType.path).required(true).endParam()
                    .param().name("If-Match").type(RestParamType.header).required(false)
                        .description("The ETag of the order the revision is based on; 412 when the order changed since")
                        .endParam()
                    .responseMessage().code(202).message("Accepted: the order is REVISION_PENDING")
                        .responseModel(OrderView.class)
                        .header("Location").description("URL of the order").endHeader()
                        .header("ETag").description("The order's version now").endHeader().endResponseMessage()
                    .responseMessage().code(400).message("Malformed request or If-Match (problem+json)")
                        .endResponseMessage()
                    .responseMessage().code(404).message("No such order (problem+json)").endResponseMessage()
                    .responseMessage().code(409).message("The order's state does not allow a revision now "
                            + "(problem+json with state and allowedActions)").responseModel(OrderProblem.class)
                        .endResponseMessage()
                    .responseMessage().code(412).message("If-Match does not match the order's current ETag "
                            + "(problem+json with state and allowedActions), or is a weak tag")
                        .responseModel(OrderProblem.class).endResponseMessage()
                    .responseMessage().code(415).message("Body is not JSON (problem+json)").endResponseMessage()
                    .responseMessage().code(422).message("A menu item that is not on the order, or a total over the "
                            + "limit (problem+json with state and allowedActions)").responseModel(OrderProblem.class)
                        .endResponseMessage()
                    .to("direct:revise-order");

        from("direct:cancel-order").routeId("cancel-order").routeConfigurationId(HubRestErrors.ID)
                .description("POST /api/v1/orders/{orderId}/cancel: CANCEL_PENDING + the cancel-order saga, 202")
                .process(e -> respondChanged(e, refusedAsProblem(() -> orders.cancel(orderId(e),
                        TraceParent.continueOrStart(RestRequests.header(e, "traceparent"))))))
                .id("begin-cancel");

        from("direct:revise-order").routeId("revise-order").routeConfigurationId(HubRestErrors.ID)
                .description("POST /api/v1/orders/{orderId}/revise: REVISION_PENDING + the revise-order saga, 202")
                .process(e -> {
                    ReviseOrderRequest request = bodies.parse(e, ReviseOrderRequest.class);
                    Integer version = ifMatch(RestRequests.header(e, "If-Match"));
                    respondChanged(e, refusedAsProblem(() -> orders.revise(orderId(e),
                            request.revisedLineItemQuantities(), version,
                            TraceParent.continueOrStart(RestRequests.header(e, "traceparent")))));
                }).id("begin-revision");

        from("direct:create-order").routeId("create-order").routeConfigurationId(HubRestErrors.ID)
                .description("POST /api/v1/orders: order + outbox rows in one transaction, 202 Accepted")
                .process(this::create).id("accept-order");

        from("direct:get-order").routeId("get-order").routeConfigurationId(HubRestErrors.ID)
                .description("GET /api/v1/orders/{orderId}[?expand=consumer]")
                .process(e -> {
                    Order found = orders.get(e.getMessage().getHeader("orderId", String.class));
                    OrderView order = OrderView.of(found);
                    e.setProperty("order", order);
                    e.setProperty("etag", etag(found));
                    e.getMessage().setBody(order.consumerId());
                }).id("load-order")
                .choice().id("if-expand-consumer")
                    .when(e -> "consumer".equals(RestRequests.query(e, "expand")))
                        .to("direct:consumer-profile").id("expand-consumer")
                        .setProperty("consumer", body()).id("keep-consumer-profile")
                .end()
                .process(this::respondWithOrder).id("respond-with-order");

        from("direct:find-orders").routeId("find-orders").routeConfigurationId(HubRestErrors.ID)
                .description("GET /api/v1/orders?consumerId=")
                // the query parameter, not a request header that platform-http merged under the same name
                .process(e -> RestResponses.respond(e, 200, JSON,
                        json.writeValueAsString(findByConsumer(RestRequests.query(e, "consumerId")))))
                                .id("orders-of-consumer");
    }

    private void create(Exchange exchange) throws Exception {
        var message = exchange.getMessage();
        CreateOrderRequest request = bodies.parse(exchange, CreateOrderRequest.class);
        // from the request headers only: platform-http also copies query parameters of the same name into headers
        OrderService.Accepted accepted = orders.create(request.toNewOrder(),
                RestRequests.header(exchange, "Idempotency-Key"),
                TraceParent.continueOrStart(RestRequests.header(exchange, "traceparent")));
        OrderView order = OrderView.of(accepted.order());
        respond(exchange, 202, order);
        message.setHeader("Location", order.links().get("self").href());
        message.setHeader("ETag", etag(accepted.order()));
        if (accepted.replayed()) {
            message.setHeader("Idempotent-Replayed", "true");
        }
    }

    private java.util.List<OrderView> findByConsumer(String consumerId) {
        if (consumerId == null || consumerId.isBlank() || consumerId.length() > CreateOrderRequest.MAX_ID) {
            throw ProblemException.badRequest("Query parameter 'consumerId' is required (1 to "
                    + CreateOrderRequest.MAX_ID + " characters).");
        }
        return orders.findByConsumer(consumerId, MAX_LISTED).stream().map(OrderView::of).toList();
    }

    private void respondWithOrder(Exchange exchange) throws Exception {
        OrderView order = exchange.getProperty("order", OrderView.class);
        Object consumer = exchange.getProperty("consumer");
        if (consumer != null) {
            order = order.withConsumer(json.convertValue(consumer, OrderView.ConsumerProfile.class));
        }
        RestResponses.respond(exchange, 200, HAL_JSON, json.writeValueAsString(order));
        exchange.getMessage().setHeader("ETag", exchange.getProperty("etag"));
    }

    private void respondChanged(Exchange exchange, Order order) throws Exception {
        respond(exchange, 202, OrderView.of(order));
        exchange.getMessage().setHeader("ETag", etag(order));
        exchange.getMessage().setHeader("Location", "/api/v1/orders/" + order.orderId());
    }

    /** The order's version as a strong entity tag: what If-Match on revise must carry (reread value, ch. 4). */
    static String etag(Order order) {
        return "\"" + order.version() + "\"";
    }

    /**
     * {@code "7"} → 7; {@code *} or absent → no check. A weak tag ({@code W/"7"}) never matches: If-Match compares
     * strongly (RFC 9110 §13.1.1), so it is a 412.
     */
    static Integer ifMatch(String header) {
        if (header == null || header.isBlank() || header.trim().equals("*")) {
            return null;
        }
        String tag = header.trim();
        if (tag.startsWith("W/\"")) {
            throw new ProblemException(412, "Precondition Failed", "'If-Match' needs the order's strong ETag, e.g. "
                    + "\"3\"; a weak tag never matches.");
        }
        if (tag.matches("\"[0-9]{1,9}\"")) {
            return Integer.valueOf(tag.substring(1, tag.length() - 1));
        }
        throw ProblemException.badRequest("'If-Match' must be the order's ETag, e.g. \"3\" (from GET "
                + "/api/v1/orders/{orderId}).");
    }

    private static String orderId(Exchange exchange) {
        return exchange.getMessage().getHeader("orderId", String.class);
    }

    /** A refused change is the client's to handle: 409 / 412 / 422 with the order's state and allowed actions. */
    private static Order refusedAsProblem(java.util.function.Supplier<Order> change) {
        try {
            return change.get();
        } catch (OrderActionRefused refused) {
            Map<String, Object> extensions = new java.util.LinkedHashMap<>();
            extensions.put("state", refused.state().name());
            extensions.put("allowedActions", refused.allowedActions().stream().map(a -> a.name().toLowerCase())
                    .toList());
            String title = switch (refused.status()) {
                case 412 -> "Precondition Failed";
                case 422 -> "Request cannot be processed";
                default -> "Conflict";
            };
            throw new ProblemException(refused.status(), title, refused.getMessage(), extensions);
        }
    }

    private void respond(Exchange exchange, int status, Object body) throws Exception {
        RestResponses.respond(exchange, status, HAL_JSON, json.writeValueAsString(body));
    }
}
