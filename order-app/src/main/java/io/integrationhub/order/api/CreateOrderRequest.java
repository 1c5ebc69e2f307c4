package io.integrationhub.order.api;

import java.time.OffsetDateTime;
import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

import io.integrationhub.order.orders.NewOrder;
import io.swagger.v3.oas.annotations.media.Schema;

/**
 * Body of {@code POST /api/v1/orders} and {@code POST /api/v2/orders} (the versions differ in their answers, not
 * in what a client sends). Tolerant reader: unknown fields are ignored. The limits are declared here
 * once (the column sizes of V1__orders.sql); the request reader checks them and the OpenAPI document shows them.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record CreateOrderRequest(
        @NotBlank @Size(max = MAX_ID) String consumerId,
        @NotBlank @Size(max = MAX_ID) String restaurantId,
        @NotEmpty @Size(max = MAX_LINE_ITEMS) List<@NotNull @Valid LineItem> lineItems,
        @Size(max = 500) String deliveryAddress,
        @Schema(description = "When to deliver: an ISO-8601 date-time with offset between 2000 and 2100, "
                + "e.g. 2026-12-01T18:30:00+01:00") OffsetDateTime deliveryTime) {

    public static final int MAX_ID = 64;
    public static final int MAX_LINE_ITEMS = 50;
    public static final int MAX_QUANTITY = 100;

    NewOrder toNewOrder() {
        return new NewOrder(consumerId, restaurantId,
                lineItems.stream().map(i -> new NewOrder.Item(i.menuItemId(), i.quantity())).toList(),
                deliveryAddress, deliveryTime);
    }

    /** Named for the API document: OrderView has a LineItem of its own. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    @Schema(name = "NewLineItem")
    public record LineItem(
            @NotBlank @Size(max = MAX_ID) String menuItemId,
            @Schema(description = "How many, a whole number from 1 to " + MAX_QUANTITY)
            @NotNull @Min(1) @Max(MAX_QUANTITY) Integer quantity) {
    }
}
