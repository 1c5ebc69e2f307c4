package io.integrationhub.order.api;

import org.apache.camel.model.rest.RestDefinition;
import org.apache.camel.model.rest.RestParamType;

/**
 * The REST DSL declarations that v1 and v2 share word for word but for the order's view (the 202 body) and the route
 * they lead to: the answers of placing an order, and the cancel and revise operations. One place, so the two
 * versions' documents cannot drift apart where their behaviour is the same.
 */
public final class OrderOperations {

    public static final String HAL_JSON = "application/hal+json";

    private OrderOperations() {
    }

    /** The headers and the answers of POST …/orders, after its description, body type and parameters. */
    public static RestDefinition placeOrderAnswers(RestDefinition post, Class<?> view) {
        return post
                .param().name("Idempotency-Key").type(RestParamType.header).required(false)
                    .description("Retrying with the same key returns the same order, never a second one").endParam()
                .param().name("traceparent").type(RestParamType.header).required(false)
                    .description("W3C trace context, carried into every message").endParam()
                .responseMessage().code(202).message("Accepted: the order is APPROVAL_PENDING (or, for a "
                        + "repeated Idempotency-Key, the order that key created)").responseModel(view)
                    .header("Location").description("URL of the order").endHeader()
                    .header("Idempotent-Replayed").description("true when the Idempotency-Key was seen before")
                        .endHeader()
                    .header("ETag").description("The order's version, for If-Match on a revise").endHeader()
                    .endResponseMessage()
                .responseMessage().code(400).message("Malformed or incomplete request (problem+json)").endResponseMessage()
                .responseMessage().code(413).message("Body too large (problem+json)").endResponseMessage()
                .responseMessage().code(415).message("Body is not JSON (problem+json)").endResponseMessage()
                .responseMessage().code(422).message("Unknown restaurant or menu item, a total over the limit, or an "
                        + "Idempotency-Key already used with another body (problem+json)").endResponseMessage();
    }

    /**
     * POST …/orders/{orderId}/cancel and …/revise, answered with {@code view}, routed to
     * {@code direct:cancel-order<suffix>} and {@code direct:revise-order<suffix>} (route ids the same).
     */
    public static RestDefinition changes(RestDefinition rest, Class<?> view, String suffix) {
        return rest
                .post("/{orderId}/cancel").id("cancel-order" + suffix)
                    .description("Cancels an APPROVED order: it is CANCEL_PENDING (a lock: other changes get 409) while "
                            + "the kitchen and accounting are asked, then CANCELLED — or APPROVED again with the reason "
                            + "in refusedChange when the kitchen has started preparing it")
                    .produces(HAL_JSON)
                    .param().name("orderId").type(RestParamType.path).required(true).endParam()
                    .responseMessage().code(202).message("Accepted: the order is CANCEL_PENDING")
                        .responseModel(view)
                        .header("Location").description("URL of the order").endHeader()
                        .header("ETag").description("The order's version now").endHeader().endResponseMessage()
                    .responseMessage().code(404).message("No such order (problem+json)").endResponseMessage()
                    .responseMessage().code(409).message("The order's state does not allow a cancel now (problem+json "
                            + "with state and allowedActions)").responseModel(OrderProblem.class).endResponseMessage()
                    .to("direct:cancel-order" + suffix)
                .post("/{orderId}/revise").id("revise-order" + suffix)
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
                        .responseModel(view)
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
                    .to("direct:revise-order" + suffix);
    }
}
