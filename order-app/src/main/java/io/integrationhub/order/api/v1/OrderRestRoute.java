package io.integrationhub.order.api.v1;

import java.util.List;

import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.model.rest.RestDefinition;
import org.apache.camel.model.rest.RestParamType;
import org.springframework.stereotype.Component;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.integrationhub.order.api.CreateOrderRequest;
import io.integrationhub.order.api.OrderOperations;
import io.integrationhub.order.api.OrderRequests;
import io.integrationhub.order.orders.Order;
import io.integrationhub.order.orders.OrderService;
import io.integrationhub.routes.tracing.HubTracing;
import io.integrationhub.routes.rest.HubRestErrors;
import io.integrationhub.routes.rest.RequestBodies;
import io.integrationhub.routes.rest.RestRequests;
import io.integrationhub.routes.rest.RestResponses;

/**
 * The v1 order resource in Camel's REST DSL (documented in the generated OpenAPI at /api/v1/openapi.json). JSON is
 * read by {@link RequestBodies} rather than by REST binding, so that a malformed body becomes a 400 problem that
 * says where it is wrong; errors are rendered by the {@code hub-rest} route configuration. What a request does is
 * {@link OrderRequests}' (shared with v2); this class only says how v1 shows the order.
 */
@Component
public class OrderRestRoute extends RouteBuilder {

    static final String HAL_JSON = OrderOperations.HAL_JSON;
    static final String JSON = "application/json";
    static final int MAX_LISTED = 100;

    static final String ORDERS = "/api/v1/orders";

    private final OrderRequests requests;
    private final OrderService orders;
    private final ObjectMapper json;

    public OrderRestRoute(OrderService orders, ObjectMapper json, RequestBodies bodies, HubTracing tracing) {
        this.requests = new OrderRequests(orders, bodies, ORDERS, tracing);
        this.orders = orders;
        this.json = json;
    }

    @Override
    public void configure() {
        RestDefinition post = rest(ORDERS).description("Orders (v1)")
                .post().id("post-order")
                    .description("Places an order. Validated against local data only; answers 202 at once while "
                            + "the consumer and restaurant validate it asynchronously. Limits: 1 to "
                            + CreateOrderRequest.MAX_LINE_ITEMS + " line items, quantity 1 to "
                            + CreateOrderRequest.MAX_QUANTITY + " each, ids up to " + CreateOrderRequest.MAX_ID
                            + " characters; unknown fields are ignored, wrong types are refused.")
                    .consumes("application/json").produces(HAL_JSON)
                    // no outType: Camel would document it as a 200, and the answer is a 202 with the order
                    .type(CreateOrderRequest.class);
        RestDefinition orders = OrderOperations.placeOrderAnswers(post, OrderView.class)
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
                    .to("direct:find-orders");
        OrderOperations.changes(orders, OrderView.class, "");

        from("direct:cancel-order").routeId("cancel-order").routeConfigurationId(HubRestErrors.ID)
                .description("POST /api/v1/orders/{orderId}/cancel: CANCEL_PENDING + the cancel-order saga, 202")
                .process(e -> respondChanged(e, requests.cancel(e))).id("begin-cancel");

        from("direct:revise-order").routeId("revise-order").routeConfigurationId(HubRestErrors.ID)
                .description("POST /api/v1/orders/{orderId}/revise: REVISION_PENDING + the revise-order saga, 202")
                .process(e -> respondChanged(e, requests.revise(e))).id("begin-revision");

        from("direct:create-order").routeId("create-order").routeConfigurationId(HubRestErrors.ID)
                .description("POST /api/v1/orders: order + outbox rows in one transaction, 202 Accepted")
                .process(this::create).id("accept-order");

        from("direct:get-order").routeId("get-order").routeConfigurationId(HubRestErrors.ID)
                .description("GET /api/v1/orders/{orderId}[?expand=consumer]")
                .process(e -> {
                    Order found = requests.get(e);
                    OrderView order = view(found);
                    e.setProperty("order", order);
                    e.setProperty("etag", OrderRequests.etag(found));
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
                .process(e -> RestResponses.respond(e, 200, JSON, json.writeValueAsString(
                        findByConsumer(requests.consumerId(e))))).id("orders-of-consumer");
    }

    private OrderView view(Order order) {
        return OrderView.of(order, requests.links(order));
    }

    private void create(Exchange exchange) throws Exception {
        var message = exchange.getMessage();
        OrderService.Accepted accepted = requests.create(exchange);
        respond(exchange, 202, view(accepted.order()));
        message.setHeader("Location", requests.location(accepted.order()));
        message.setHeader("ETag", OrderRequests.etag(accepted.order()));
        if (accepted.replayed()) {
            message.setHeader("Idempotent-Replayed", "true");
        }
    }

    private List<OrderView> findByConsumer(String consumerId) {
        return orders.findByConsumer(consumerId, MAX_LISTED).stream().map(this::view).toList();
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
        respond(exchange, 202, view(order));
        exchange.getMessage().setHeader("ETag", OrderRequests.etag(order));
        exchange.getMessage().setHeader("Location", requests.location(order));
    }

    private void respond(Exchange exchange, int status, Object body) throws Exception {
        RestResponses.respond(exchange, status, HAL_JSON, json.writeValueAsString(body));
    }
}
