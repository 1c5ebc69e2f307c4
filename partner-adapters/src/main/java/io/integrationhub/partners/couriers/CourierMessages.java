package io.integrationhub.partners.couriers;

import java.math.BigDecimal;
import java.time.OffsetDateTime;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * The couriers' messaging contract (payload version 1.0, asyncapi.yaml): the DeliveryQuoteRequested they read from
 * the topic delivery.quote.requests, and the answers they write to its JMSReplyTo, correlated by its messageId.
 * Requests are read tolerantly: fields a courier does not need are ignored.
 */
public final class CourierMessages {

    public static final String DELIVERY_QUOTE_REQUESTED = "DeliveryQuoteRequested";
    public static final String DELIVERY_QUOTE = "DeliveryQuote";
    public static final String DELIVERY_QUOTE_DECLINED = "DeliveryQuoteDeclined";

    private CourierMessages() {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record DeliveryQuoteRequested(String orderId, String restaurantId, String deliveryAddress,
            OffsetDateTime deliveryTime, BigDecimal orderTotal) {
    }

    public record DeliveryQuote(String orderId, String courierId, BigDecimal price, int etaMinutes,
            OffsetDateTime validUntil) {
    }

    public record DeliveryQuoteDeclined(String orderId, String courierId, String reason) {
    }
}
