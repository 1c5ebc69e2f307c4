package io.integrationhub.order.api;

import java.util.Map;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

import io.swagger.v3.oas.annotations.media.Schema;

/** Body of {@code POST /api/v{1,2}/orders/{orderId}/revise}: the new quantity of each line item to change. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ReviseOrderRequest(
        @Schema(description = "menuItemId → new quantity (1 to " + CreateOrderRequest.MAX_QUANTITY + "), e.g. "
                + "{\"dal\": 3}; items not named keep their quantity")
        @NotNull @NotEmpty @Size(max = CreateOrderRequest.MAX_LINE_ITEMS)
        Map<@NotBlank @Size(max = CreateOrderRequest.MAX_ID) String,
                @NotNull @Min(1) @Max(CreateOrderRequest.MAX_QUANTITY) Integer> revisedLineItemQuantities) {
}
