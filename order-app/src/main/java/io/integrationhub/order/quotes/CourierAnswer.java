package io.integrationhub.order.quotes;

import java.math.BigDecimal;
import java.time.OffsetDateTime;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;

import io.integrationhub.order.orders.OrderMessages;

/**
 * One courier's answer to a quote request as the aggregator keeps it: a DeliveryQuote (price, etaMinutes, validUntil)
 * or a DeliveryQuoteDeclined (reason). Read tolerantly from the reply's payload, then stored in the aggregation group.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CourierAnswer(String messageType, String courierId, BigDecimal price, Integer etaMinutes,
        OffsetDateTime validUntil, String reason) {

    boolean isQuote() {
        return OrderMessages.DELIVERY_QUOTE.equals(messageType);
    }

    /** A quote still valid at {@code now} (a quote without validUntil stays valid). */
    boolean validAt(OffsetDateTime now) {
        return isQuote() && (validUntil == null || validUntil.isAfter(now));
    }
}
