package io.integrationhub.partners.notification;

import java.time.OffsetDateTime;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * What the notification service reads of order.events, in the shape of OrderCreated 2.0 (older majors arrive
 * upcast: {@link OrderCreatedUpcaster}). A tolerant reader: unknown fields are ignored, optional ones get defaults.
 */
public final class OrderReceivedMessages {

    private OrderReceivedMessages() {
    }

    public static final String ORDER_CREATED = "OrderCreated";
    /** The major of OrderCreated the handler reads. */
    public static final int ORDER_CREATED_MAJOR = 2;
    /** The one currency of OrderCreated 1.x (it had bare numbers); 2.0 names its currency on every amount. */
    public static final String V1_CURRENCY = "EUR";

    /** A decimal amount as a string (never a float) and its currency. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Money(String amount, String currency) {

        public Money {
            currency = currency == null || currency.isBlank() ? V1_CURRENCY : currency;
        }

        @Override
        public String toString() {
            return amount + " " + currency;
        }
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Item(String menuItemId, int quantity, Money price) {
    }

    /** Optional: lineItems (none), deliveryAddress and deliveryTime (as soon as possible). */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record OrderCreated(String orderId, String consumerId, String restaurantId, List<Item> lineItems,
            Money orderTotal, String deliveryAddress, OffsetDateTime deliveryTime) {

        public OrderCreated {
            lineItems = lineItems == null ? List.of() : List.copyOf(lineItems);
        }
    }
}
