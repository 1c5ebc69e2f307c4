package io.integrationhub.order.api;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;

import org.apache.camel.Exchange;

import io.integrationhub.order.orders.Order;
import io.integrationhub.order.orders.OrderAction;
import io.integrationhub.order.orders.OrderActionRefused;
import io.integrationhub.order.orders.OrderService;
import io.integrationhub.routes.messaging.TraceParent;
import io.integrationhub.routes.rest.ProblemException;
import io.integrationhub.routes.rest.RequestBodies;
import io.integrationhub.routes.rest.RestRequests;
import io.integrationhub.routes.tracing.HubTracing;

/**
 * What every version of the order resource does with a request, whatever it answers: reads the body with
 * {@link RequestBodies} and the headers and query where the contract says (never a query parameter for a header),
 * calls {@link OrderService}, and turns the aggregate's refusals into 409 / 412 / 422 problems. One instance per
 * version, for the URLs it links to; the versions differ only in how they show an {@link Order}.
 */
public final class OrderRequests {

    private final OrderService orders;
    private final RequestBodies bodies;
    private final String ordersPath;
    private final HubTracing tracing;

    /**
     * @param ordersPath the version's collection, e.g. {@code /api/v1/orders}: links and Location point there
     * @param tracing    each change runs in a SERVER span continuing the request's {@code traceparent}; the outbox
     *                   rows it writes carry that span's context
     */
    public OrderRequests(OrderService orders, RequestBodies bodies, String ordersPath, HubTracing tracing) {
        this.orders = orders;
        this.bodies = bodies;
        this.ordersPath = ordersPath;
        this.tracing = tracing;
    }

    /** {@code POST <orders>}: the order placed, or the one an earlier request with the same Idempotency-Key placed. */
    public OrderService.Accepted create(Exchange exchange) throws Exception {
        CreateOrderRequest request = bodies.parse(exchange, CreateOrderRequest.class);
        // from the request headers only: platform-http also copies query parameters of the same name into headers
        String idempotencyKey = RestRequests.header(exchange, "Idempotency-Key");
        return traced("POST " + ordersPath, exchange,
                traceParent -> orders.create(request.toNewOrder(), idempotencyKey, traceParent));
    }

    /** {@code GET <orders>/{orderId}}; 404 when there is none. */
    public Order get(Exchange exchange) {
        return orders.get(orderId(exchange));
    }

    /** {@code POST <orders>/{orderId}/cancel}: the order in CANCEL_PENDING. */
    public Order cancel(Exchange exchange) {
        return traced("POST " + ordersPath + "/{orderId}/cancel", exchange,
                traceParent -> refusedAsProblem(() -> orders.cancel(orderId(exchange), traceParent)));
    }

    /** {@code POST <orders>/{orderId}/revise}: the order in REVISION_PENDING. */
    public Order revise(Exchange exchange) throws Exception {
        ReviseOrderRequest request = bodies.parse(exchange, ReviseOrderRequest.class);
        Integer version = ifMatch(RestRequests.header(exchange, "If-Match"));
        return traced("POST " + ordersPath + "/{orderId}/revise", exchange,
                traceParent -> refusedAsProblem(() -> orders.revise(orderId(exchange),
                        request.revisedLineItemQuantities(), version, traceParent)));
    }

    /** The query parameter {@code consumerId} (never a header of that name), required. */
    public String consumerId(Exchange exchange) {
        String consumerId = RestRequests.query(exchange, "consumerId");
        if (consumerId == null || consumerId.isBlank() || consumerId.length() > CreateOrderRequest.MAX_ID) {
            throw ProblemException.badRequest("Query parameter 'consumerId' is required (1 to "
                    + CreateOrderRequest.MAX_ID + " characters).");
        }
        return consumerId;
    }

    /** The order's URL in this version. */
    public String location(Order order) {
        return ordersPath + "/" + order.orderId();
    }

    /** HAL links, rel → href: self, and one link per action the order allows in its state. */
    public Map<String, String> links(Order order) {
        String self = location(order);
        Map<String, String> links = new LinkedHashMap<>();
        links.put("self", self);
        if (order.allowedActions().contains(OrderAction.CANCEL)) {
            links.put("cancel", self + "/cancel");
        }
        if (order.allowedActions().contains(OrderAction.REVISE)) {
            links.put("revise", self + "/revise");
        }
        return links;
    }

    /** The order's version as a strong entity tag: what If-Match on revise must carry (reread value, ch. 4). */
    public static String etag(Order order) {
        return "\"" + order.version() + "\"";
    }

    /**
     * {@code "7"} → 7; {@code *} or absent → no check. A weak tag ({@code W/"7"}) never matches: If-Match compares
     * strongly (RFC 9110 §13.1.1), so it is a 412.
     */
    Integer ifMatch(String header) {
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
                + ordersPath + "/{orderId}).");
    }

    private static String orderId(Exchange exchange) {
        return exchange.getMessage().getHeader("orderId", String.class);
    }

    /**
     * {@code change} in the intake's SERVER span, given that span's traceparent (or, without a tracer, the request's
     * or a new one) for the saga to keep.
     */
    private <T> T traced(String name, Exchange exchange, Function<String, T> change) {
        String incoming = RestRequests.header(exchange, HubTracing.TRACEPARENT);
        return tracing.server(name, incoming,
                () -> change.apply(tracing.currentTraceParent(TraceParent.continueOrStart(incoming))));
    }

    /** A refused change is the client's to handle: 409 / 412 / 422 with the order's state and allowed actions. */
    private static Order refusedAsProblem(Supplier<Order> change) {
        try {
            return change.get();
        } catch (OrderActionRefused refused) {
            Map<String, Object> extensions = new LinkedHashMap<>();
            extensions.put("state", refused.state().name());
            List<String> actions = refused.allowedActions().stream().map(a -> a.name().toLowerCase()).toList();
            extensions.put("allowedActions", actions);
            String title = switch (refused.status()) {
                case 412 -> "Precondition Failed";
                case 422 -> "Request cannot be processed";
                default -> "Conflict";
            };
            throw new ProblemException(refused.status(), title, refused.getMessage(), extensions);
        }
    }
}
