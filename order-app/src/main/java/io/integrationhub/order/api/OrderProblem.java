package io.integrationhub.order.api;

import java.util.List;

import io.integrationhub.order.orders.OrderState;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Schema;

/**
 * The RFC 9457 problem a refused cancel or revise answers (409, 412, 422): the hub's {@code Problem} plus the order's
 * {@code state} and the {@code allowedActions} it offers now, so a client can decide again without another GET.
 * Documentation only: {@link OrderRequests} writes it through {@code ProblemException}'s extension members. A
 * refusal that is not the order's (a malformed If-Match, a weak ETag) has no state and no actions.
 */
@Schema(description = "RFC 9457 problem details of a refused order change", requiredProperties = { "type", "title",
        "status" })
public record OrderProblem(
        @Schema(format = "uri-reference", description = "about:blank: the status says it all") String type,
        String title,
        @Schema(minimum = "400", maximum = "599") int status,
        @Schema(nullable = true) String detail,
        @Schema(description = "The request path") String instance,
        @Schema(description = "The order's state that refused the change") OrderState state,
        @ArraySchema(arraySchema = @Schema(description = "What the order allows now (its HAL links)"),
                schema = @Schema(allowableValues = { "cancel", "revise" }))
        List<String> allowedActions) {
}
