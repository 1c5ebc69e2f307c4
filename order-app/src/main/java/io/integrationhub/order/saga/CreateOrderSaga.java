package io.integrationhub.order.saga;

import static io.integrationhub.order.orders.OrderMessages.AUTHORIZE_CARD;
import static io.integrationhub.order.orders.OrderMessages.CANCEL_CREATE_TICKET;
import static io.integrationhub.order.orders.OrderMessages.CARD_AUTHORIZATION_FAILED;
import static io.integrationhub.order.orders.OrderMessages.CARD_AUTHORIZED;
import static io.integrationhub.order.orders.OrderMessages.CONFIRM_CREATE_TICKET;
import static io.integrationhub.order.orders.OrderMessages.CONSUMER_VALIDATED;
import static io.integrationhub.order.orders.OrderMessages.CONSUMER_VALIDATION_FAILED;
import static io.integrationhub.order.orders.OrderMessages.CREATE_TICKET;
import static io.integrationhub.order.orders.OrderMessages.FAILURE;
import static io.integrationhub.order.orders.OrderMessages.ORDER_DETAILS_VALIDATED;
import static io.integrationhub.order.orders.OrderMessages.ORDER_DETAILS_VALIDATION_FAILED;
import static io.integrationhub.order.orders.OrderMessages.REVERSE_AUTHORIZATION;
import static io.integrationhub.order.orders.OrderMessages.SUCCESS;
import static io.integrationhub.order.orders.OrderMessages.TICKET_CREATED;
import static io.integrationhub.order.orders.OrderMessages.TICKET_CREATION_FAILED;
import static io.integrationhub.order.orders.OrderMessages.VALIDATE_CONSUMER_INFO;
import static io.integrationhub.order.orders.OrderMessages.VALIDATE_ORDER_DETAILS;
import static io.integrationhub.order.saga.SagaDefinition.saga;

import java.math.BigDecimal;
import java.util.List;

import org.springframework.stereotype.Component;


import io.integrationhub.order.orders.Order;
import io.integrationhub.order.orders.OrderMessages;
import io.integrationhub.order.orders.OrderMessages.AuthorizeCard;
import io.integrationhub.order.orders.OrderMessages.CreateTicket;
import io.integrationhub.order.orders.OrderMessages.OrderReference;
import io.integrationhub.order.orders.OrderMessages.TicketItem;
import io.integrationhub.order.orders.OrderMessages.ValidateConsumerInfo;
import io.integrationhub.order.orders.OrderMessages.ValidateOrderDetails;
import io.integrationhub.routes.messaging.Channels;

/**
 * The create-order saga (Microservices Patterns, ch. 4), started for every accepted order:
 * <ol>
 * <li>validate-order: the consumer and the restaurant validate in parallel, replies in any order (reply first: the
 * client already has its 202);</li>
 * <li>create-ticket: the kitchen creates a ticket (CREATE_PENDING) — undone by CancelCreateTicket;</li>
 * <li>authorize-card: accounting authorizes the card through the legacy system (deferring while it is down) — undone by
 * ReverseAuthorization;</li>
 * <li>confirm-ticket: the kitchen's ticket awaits acceptance;</li>
 * </ol>
 * then the order is APPROVED. The reply that makes the order VALIDATED also publishes its DeliveryQuoteRequested: the
 * couriers' quotes are aggregated beside the saga (package {@code quotes}) and never hold it up — delivery is charged
 * separately from the food, so the card authorizes the order total only, and an order no courier quoted is still
 * approved (its delivery says NO_QUOTE and the consumer is told to collect it). A refusal or a step past its deadline undoes the completed steps in reverse and the
 * order is REJECTED with the reason. Either way the consumer is notified.
 */
@Component
public class CreateOrderSaga {

    public static final String TYPE = "create-order";

    /** What the saga carries from step to step (stored as JSON with the saga). */
    public static final class Data {
        public String orderId;
        public String consumerId;
        public String restaurantId;
        public BigDecimal orderTotal;
        public List<OrderMessages.Item> lineItems;
        public String ticketId;
        public String authorizationId;

        static Data of(Order order) {
            Data data = new Data();
            data.orderId = order.orderId();
            data.consumerId = order.consumerId();
            data.restaurantId = order.restaurantId();
            data.orderTotal = order.orderTotal();
            data.lineItems = order.messageItems();
            return data;
        }
    }

    private final SagaOrchestrator orchestrator;
    private final OrderSagaSteps orders;
    private final SagaDefinition<Data> definition;

    CreateOrderSaga(SagaOrchestrator orchestrator, OrderSagaSteps orders, Channels channels) {
        this.orchestrator = orchestrator;
        this.orders = orders;
        String consumer = channels.getConsumerCommands();
        String restaurant = channels.getRestaurantCommands();
        String kitchen = channels.getKitchenCommands();
        String accounting = channels.getAccountingCommands();

        this.definition = saga(TYPE, Data.class)
                .step("validate-order")
                    .invoke(consumer, VALIDATE_CONSUMER_INFO,
                            d -> new ValidateConsumerInfo(d.orderId, d.consumerId, d.orderTotal))
                        .onSuccess(CONSUMER_VALIDATED,
                                (d, reply, saga) -> orders.validate(d.orderId, saga, Order::consumerValidated))
                        .onFailure(CONSUMER_VALIDATION_FAILED)
                    .invoke(restaurant, VALIDATE_ORDER_DETAILS,
                            d -> new ValidateOrderDetails(d.orderId, d.restaurantId, d.lineItems, d.orderTotal))
                        .onSuccess(ORDER_DETAILS_VALIDATED,
                                (d, reply, saga) -> orders.validate(d.orderId, saga, Order::orderDetailsValidated))
                        .onFailure(ORDER_DETAILS_VALIDATION_FAILED)
                .step("create-ticket")
                    .invoke(kitchen, CREATE_TICKET, d -> new CreateTicket(d.orderId, d.restaurantId,
                            d.lineItems.stream().map(i -> new TicketItem(i.menuItemId(), i.quantity())).toList()))
                        .onSuccess(TICKET_CREATED, (d, reply, saga) -> d.ticketId = reply.path("ticketId").asText(null))
                        .onFailure(TICKET_CREATION_FAILED)
                    .compensateWith(kitchen, CANCEL_CREATE_TICKET, d -> new OrderReference(d.orderId))
                        .onSuccess(SUCCESS).onFailure(FAILURE)
                .step("authorize-card")
                    .invoke(accounting, AUTHORIZE_CARD, d -> new AuthorizeCard(d.orderId, d.consumerId, d.orderTotal))
                        .onSuccess(CARD_AUTHORIZED,
                                (d, reply, saga) -> d.authorizationId = reply.path("authorizationId").asText(null))
                        .onFailure(CARD_AUTHORIZATION_FAILED)
                    .compensateWith(accounting, REVERSE_AUTHORIZATION, d -> new OrderReference(d.orderId))
                        .onSuccess(SUCCESS).onFailure(FAILURE)
                .step("confirm-ticket")
                    .invoke(kitchen, CONFIRM_CREATE_TICKET, d -> new OrderReference(d.orderId))
                        .onSuccess(SUCCESS).onFailure(FAILURE)
                .whenCompleted((d, saga) -> {
                    orders.change(d.orderId, saga, Order::approve);
                    orders.notifyConsumer(d.consumerId, d.orderId, saga, "Your order " + d.orderId + " was approved.");
                })
                .whenCompensated((d, saga) -> {
                    orders.change(d.orderId, saga, order -> order.reject(saga.failureReason()));
                    orders.notifyConsumer(d.consumerId, d.orderId, saga, "Your order " + d.orderId
                            + " was rejected: " + saga.failureReason());
                })
                .build();
        orchestrator.register(definition);
    }

    void start(Order order, String traceParent) {
        orchestrator.start(definition, order.id(), Data.of(order), traceParent);
    }

    public SagaDefinition<Data> definition() {
        return definition;
    }
}
