package io.integrationhub.order.api.v2;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import io.swagger.v3.oas.annotations.media.Schema;

/**
 * {@code GET /api/v2/orders?consumerId=&page=&size=} as a HAL collection: the page's orders under
 * {@code _embedded.orders}, {@code _links} to this page and the next (and previous) one, and where the page is.
 * v1 answered a bare array of at most 100 orders; a client now follows {@code next}.
 */
@Schema(description = "A page of a consumer's orders, newest first (HAL collection)",
        requiredProperties = { "_links", "_embedded", "page" })
public record OrderCollection(@JsonProperty("_links") Links links, @JsonProperty("_embedded") Embedded embedded,
        PageMetadata page) {

    @JsonInclude(JsonInclude.Include.NON_NULL)
    @Schema(name = "OrderCollectionLinks", description = "self; next when there is a next page; prev when this is "
            + "not the first", requiredProperties = "self")
    public record Links(OrderResource.Link self, OrderResource.Link next, OrderResource.Link prev) {
    }

    @Schema(name = "EmbeddedOrders", requiredProperties = "orders")
    public record Embedded(@Schema(description = "This page's orders (empty past the last page)")
            List<OrderResource> orders) {
    }

    @Schema(name = "PageMetadata", requiredProperties = { "number", "size", "totalElements", "totalPages" })
    public record PageMetadata(@Schema(description = "This page's number, from 0") int number,
            @Schema(description = "Orders per page") int size,
            @Schema(description = "The consumer's orders in all") long totalElements,
            @Schema(description = "Pages of this size in all") long totalPages) {
    }
}
