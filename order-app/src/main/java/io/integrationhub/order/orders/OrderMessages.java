package io.integrationhub.order.orders;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.List;

/**
 * The order service's messaging contract in one place (mirrored by asyncapi.yaml): the messageType names on the
 * wire, the payload version, and one record per payload it sends. The names are constants, never derived from class
 * names, so renaming a record cannot change the wire. The envelope (messageId, aggregate, group, reply-to, sagaId,
 * traceparent) is written by the outbox, not carried in the payload.
 */
public final class OrderMessages {

    private OrderMessages() {
    }

    public static final String AGGREGATE_TYPE = "Order";
    /**
     * Payload version of what order-app sends, unless {@code hub.messages.versions} chooses another one it can write
     * ({@link OrderEventPayloads}).
     */
    public static final String VERSION = "1.0";

    // events on order.events
    public static final String ORDER_CREATED = "OrderCreated";
    public static final String ORDER_VALIDATED = "OrderValidated";
    public static final String ORDER_APPROVED = "OrderApproved";
    public static final String ORDER_REJECTED = "OrderRejected";
    public static final String ORDER_CANCELLED = "OrderCancelled";
    public static final String ORDER_REVISED = "OrderRevised";
    /** The delivery-quote aggregation completed: the quote chosen, or that no courier quoted. */
    public static final String ORDER_DELIVERY_QUOTED = "OrderDeliveryQuoted";

    // publish / async responses: the request on delivery.quote.requests, the couriers' answers on
    // order.delivery-quotes (JMSCorrelationID = the request's messageId)
    public static final String DELIVERY_QUOTE_REQUESTED = "DeliveryQuoteRequested";
    public static final String DELIVERY_QUOTE = "DeliveryQuote";
    public static final String DELIVERY_QUOTE_DECLINED = "DeliveryQuoteDeclined";

    // commands order-app sends, and the replies it accepts on order.replies
    public static final String VALIDATE_CONSUMER_INFO = "ValidateConsumerInfo";
    public static final String CONSUMER_VALIDATED = "ConsumerValidated";
    public static final String CONSUMER_VALIDATION_FAILED = "ConsumerValidationFailed";
    public static final String VALIDATE_ORDER_DETAILS = "ValidateOrderDetails";
    public static final String ORDER_DETAILS_VALIDATED = "OrderDetailsValidated";
    public static final String ORDER_DETAILS_VALIDATION_FAILED = "OrderDetailsValidationFailed";
    public static final String CREATE_TICKET = "CreateTicket";
    public static final String TICKET_CREATED = "TicketCreated";
    public static final String TICKET_CREATION_FAILED = "TicketCreationFailed";
    public static final String CONFIRM_CREATE_TICKET = "ConfirmCreateTicket";
    public static final String CANCEL_CREATE_TICKET = "CancelCreateTicket";
    public static final String AUTHORIZE_CARD = "AuthorizeCard";
    public static final String CARD_AUTHORIZED = "CardAuthorized";
    public static final String CARD_AUTHORIZATION_FAILED = "CardAuthorizationFailed";
    public static final String REVERSE_AUTHORIZATION = "ReverseAuthorization";
    public static final String REVISE_AUTHORIZATION = "ReviseAuthorization";
    public static final String BEGIN_CANCEL_TICKET = "BeginCancelTicket";
    public static final String CONFIRM_CANCEL_TICKET = "ConfirmCancelTicket";
    public static final String UNDO_BEGIN_CANCEL_TICKET = "UndoBeginCancelTicket";
    public static final String BEGIN_REVISE_TICKET = "BeginReviseTicket";
    public static final String CONFIRM_REVISE_TICKET = "ConfirmReviseTicket";
    public static final String UNDO_BEGIN_REVISE_TICKET = "UndoBeginReviseTicket";
    /** The generic replies of kitchen and accounting commands that only succeed or fail. */
    public static final String SUCCESS = "Success";
    public static final String FAILURE = "Failure";
    /** One-way command on notification.commands (no reply). */
    public static final String NOTIFY_CONSUMER = "NotifyConsumer";

    /** An event the order recorded, to be published on order.events when the order is saved. */
    public record Event(String messageType, Object payload) {
    }

    public record Item(String menuItemId, int quantity, BigDecimal price) {
    }

    public record OrderCreated(String orderId, String consumerId, String restaurantId, List<Item> lineItems,
            BigDecimal orderTotal, String deliveryAddress, OffsetDateTime deliveryTime) {

        /** The same event as OrderCreated 2.0: every amount a {@link Money}. */
        public OrderCreatedV2 v2() {
            return new OrderCreatedV2(orderId, consumerId, restaurantId, lineItems.stream()
                    .map(i -> new ItemV2(i.menuItemId(), i.quantity(), Money.of(i.price()))).toList(),
                    Money.of(orderTotal), deliveryAddress, deliveryTime);
        }
    }

    /** The hub's one currency: 1.x amounts are bare numbers in it; 2.0 names it on every amount. */
    public static final String CURRENCY = "EUR";

    /** OrderCreated 2.0's money: the amount a decimal string with at least two places (never a float). */
    public record Money(String amount, String currency) {

        static Money of(BigDecimal amount) {
            return amount == null ? null
                    : new Money(amount.setScale(Math.max(2, amount.scale())).toPlainString(), CURRENCY);
        }
    }

    public record ItemV2(String menuItemId, int quantity, Money price) {
    }

    /** OrderCreated 2.0 (hub.messages.versions.order-events.OrderCreated=2.0): money objects instead of numbers. */
    public record OrderCreatedV2(String orderId, String consumerId, String restaurantId, List<ItemV2> lineItems,
            Money orderTotal, String deliveryAddress, OffsetDateTime deliveryTime) {
    }

    public record OrderValidated(String orderId) {
    }

    public record OrderApproved(String orderId) {
    }

    public record OrderRejected(String orderId, String reason) {
    }

    public record OrderCancelled(String orderId) {
    }

    public record OrderRevised(String orderId, List<Item> lineItems, BigDecimal orderTotal) {
    }

    /**
     * OrderDeliveryQuoted: {@code state} QUOTED with the chosen courier's price and ETA, or NO_QUOTE (no courier
     * quoted: courierId, price and etaMinutes absent); {@code quotes} of {@code couriers} expected answered with a
     * quote; {@code completedBy} all (every expected courier answered) or timeout.
     */
    public record OrderDeliveryQuoted(String orderId, String state, String courierId, BigDecimal price,
            Integer etaMinutes, int quotes, int couriers, String completedBy) {
    }

    public record DeliveryQuoteRequested(String orderId, String restaurantId, String deliveryAddress,
            OffsetDateTime deliveryTime, BigDecimal orderTotal) {
    }

    public record ValidateConsumerInfo(String orderId, String consumerId, BigDecimal orderTotal) {
    }

    public record ValidateOrderDetails(String orderId, String restaurantId, List<Item> lineItems,
            BigDecimal orderTotal) {
    }

    public record TicketItem(String menuItemId, int quantity) {
    }

    public record CreateTicket(String orderId, String restaurantId, List<TicketItem> lineItems) {
    }

    /** ConfirmCreateTicket, CancelCreateTicket, ReverseAuthorization: the order is all they need. */
    public record OrderReference(String orderId) {
    }

    /** BeginReviseTicket, ConfirmReviseTicket: the new quantities by menu item. */
    public record ReviseTicket(String orderId, java.util.Map<String, Integer> revisedLineItemQuantities) {
    }

    /** ReviseAuthorization: the new total, an absolute amount (so revisions commute to the last one). */
    public record ReviseAuthorization(String orderId, BigDecimal orderTotal) {
    }

    public record AuthorizeCard(String orderId, String consumerId, BigDecimal orderTotal) {
    }

    public record NotifyConsumer(String consumerId, String orderId, String text) {
    }
}
