package io.integrationhub.order.api.v2;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

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
import io.integrationhub.order.orders.OrderMessages;
import io.integrationhub.order.orders.OrderService;
import io.integrationhub.routes.tracing.HubTracing;
import io.integrationhub.routes.rest.HubRestErrors;
import io.integrationhub.routes.rest.RequestBodies;
import io.integrationhub.routes.rest.RestRequests;
import io.integrationhub.routes.rest.RestResponses;

/**
 * The v2 order resource beside v1 (documented at /api/v2/openapi.json), served by the same domain and the same
 * {@link OrderRequests}: money as {@link Money} objects, the consumer's orders as a paged HAL collection. The
 * request bodies, idempotency, validation and refusals are v1's.
 */
@Component
public class OrderV2RestRoute extends RouteBuilder {

    static final String ORDERS = "/api/v2/orders";
    static final String HAL_JSON = OrderOperations.HAL_JSON;
    static final int DEFAULT_PAGE_SIZE = 20;
    static final int MAX_PAGE_SIZE = 100;
    static final int MAX_PAGE = 1_000_000;

    private final OrderRequests requests;
    private final OrderService orders;
    private final ObjectMapper json;
    private final String currency;

    public OrderV2RestRoute(OrderService orders, ObjectMapper json, RequestBodies bodies, HubTracing tracing) {
        this.requests = new OrderRequests(orders, bodies, ORDERS, tracing);
        this.orders = orders;
        this.json = json;
        // the domain's one currency, the same that OrderCreated 2.0 names and its 1.x upcaster assumes: a setting
        // here alone would make the API and the messages disagree
        this.currency = OrderMessages.CURRENCY;
    }

    @Override
    public void configure() {
        RestDefinition post = rest(ORDERS).description("Orders (v2)")
                .post().id("post-order-v2")
                    .description("Places an order, as v1 does (same body, same Idempotency-Key and validation); answers "
                            + "202 at once with the order, amounts as money objects. Limits: 1 to "
                            + CreateOrderRequest.MAX_LINE_ITEMS + " line items, quantity 1 to "
                            + CreateOrderRequest.MAX_QUANTITY + " each, ids up to " + CreateOrderRequest.MAX_ID
                            + " characters; unknown fields are ignored, wrong types are refused.")
                    .consumes("application/json").produces(HAL_JSON)
                    // no outType: Camel would document it as a 200, and the answer is a 202 with the order
                    .type(CreateOrderRequest.class);
        RestDefinition orders = OrderOperations.placeOrderAnswers(post, OrderResource.class)
                    .to("direct:create-order-v2")
                .get("/{orderId}").id("get-order-v2").description("Returns one order, amounts as money objects")
                    .produces(HAL_JSON).outType(OrderResource.class)
                    .param().name("orderId").type(RestParamType.path).required(true).endParam()
                    .responseMessage().code(200).message("The order")
                        .header("ETag").description("The order's version, for If-Match on a revise").endHeader()
                        .endResponseMessage()
                    .responseMessage().code(400).message("orderId not acceptable (problem+json)").endResponseMessage()
                    .responseMessage().code(404).message("No such order (problem+json)").endResponseMessage()
                    .to("direct:get-order-v2")
                .get().id("find-orders-v2").description("A consumer's orders, newest first, one page at a time "
                            + "(HAL collection: follow _links.next)")
                    .produces(HAL_JSON).outType(OrderCollection.class)
                    .param().name("consumerId").type(RestParamType.query).required(true)
                        .description("1 to " + CreateOrderRequest.MAX_ID + " characters").endParam()
                    // no defaultValue: Camel writes it as a string, which an integer schema must not have
                    .param().name("page").type(RestParamType.query).required(false).dataType("integer")
                        .description("Page number from 0 to " + MAX_PAGE + " (default 0)").endParam()
                    .param().name("size").type(RestParamType.query).required(false).dataType("integer")
                        .description("Orders per page, 1 to " + MAX_PAGE_SIZE + " (default " + DEFAULT_PAGE_SIZE
                                + ")").endParam()
                    .responseMessage().code(200).message("A page of the consumer's orders (no orders past the last "
                            + "page)").endResponseMessage()
                    .responseMessage().code(400).message("consumerId missing, page or size not a whole number in "
                            + "range (problem+json)").endResponseMessage()
                    .to("direct:find-orders-v2");
        OrderOperations.changes(orders, OrderResource.class, "-v2");

        from("direct:create-order-v2").routeId("create-order-v2").routeConfigurationId(HubRestErrors.ID)
                .description("POST /api/v2/orders: as v1 (order + outbox rows in one transaction), 202 Accepted")
                .process(this::create).id("accept-order-v2");

        from("direct:get-order-v2").routeId("get-order-v2").routeConfigurationId(HubRestErrors.ID)
                .description("GET /api/v2/orders/{orderId}")
                .process(e -> respond(e, 200, requests.get(e))).id("respond-with-order-v2");

        from("direct:find-orders-v2").routeId("find-orders-v2").routeConfigurationId(HubRestErrors.ID)
                .description("GET /api/v2/orders?consumerId=&page=&size=")
                .process(this::findByConsumer).id("orders-of-consumer-v2");

        from("direct:cancel-order-v2").routeId("cancel-order-v2").routeConfigurationId(HubRestErrors.ID)
                .description("POST /api/v2/orders/{orderId}/cancel: as v1, 202")
                .process(e -> respondChanged(e, requests.cancel(e))).id("begin-cancel-v2");

        from("direct:revise-order-v2").routeId("revise-order-v2").routeConfigurationId(HubRestErrors.ID)
                .description("POST /api/v2/orders/{orderId}/revise: as v1, 202")
                .process(e -> respondChanged(e, requests.revise(e))).id("begin-revision-v2");
    }

    private OrderResource view(Order order) {
        return OrderResource.of(order, requests.links(order), currency);
    }

    private void create(Exchange exchange) throws Exception {
        OrderService.Accepted accepted = requests.create(exchange);
        respondChanged(exchange, accepted.order());
        if (accepted.replayed()) {
            exchange.getMessage().setHeader("Idempotent-Replayed", "true");
        }
    }

    private void findByConsumer(Exchange exchange) throws Exception {
        String consumerId = requests.consumerId(exchange);
        int page = RestRequests.number(exchange, "page", 0, 0, MAX_PAGE);
        int size = RestRequests.number(exchange, "size", DEFAULT_PAGE_SIZE, 1, MAX_PAGE_SIZE);
        OrderService.Page found = orders.findByConsumer(consumerId, page, size);
        OrderCollection.Links links = new OrderCollection.Links(pageLink(consumerId, page, size),
                found.hasNext() ? pageLink(consumerId, page + 1, size) : null,
                page > 0 ? pageLink(consumerId, page - 1, size) : null);
        OrderCollection collection = new OrderCollection(links,
                new OrderCollection.Embedded(found.orders().stream().map(this::view).toList()),
                new OrderCollection.PageMetadata(page, size, found.total(), (found.total() + size - 1) / size));
        RestResponses.respond(exchange, 200, HAL_JSON, json.writeValueAsString(collection));
    }

    /** Form-encoded like the query the servlet container decodes: a '+' or '&' in an id stays the id's. */
    private static OrderResource.Link pageLink(String consumerId, int page, int size) {
        return new OrderResource.Link(ORDERS + "?consumerId=" + URLEncoder.encode(consumerId, StandardCharsets.UTF_8)
                + "&page=" + page + "&size=" + size);
    }

    private void respond(Exchange exchange, int status, Order order) throws Exception {
        RestResponses.respond(exchange, status, HAL_JSON, json.writeValueAsString(view(order)));
        exchange.getMessage().setHeader("ETag", OrderRequests.etag(order));
    }

    private void respondChanged(Exchange exchange, Order order) throws Exception {
        respond(exchange, 202, order);
        exchange.getMessage().setHeader("Location", requests.location(order));
    }
}
