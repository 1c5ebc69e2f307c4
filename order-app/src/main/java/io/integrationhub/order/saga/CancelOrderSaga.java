package io.integrationhub.order.saga;

import static io.integrationhub.order.orders.OrderMessages.BEGIN_CANCEL_TICKET;
import static io.integrationhub.order.orders.OrderMessages.CONFIRM_CANCEL_TICKET;
import static io.integrationhub.order.orders.OrderMessages.FAILURE;
import static io.integrationhub.order.orders.OrderMessages.REVERSE_AUTHORIZATION;
import static io.integrationhub.order.orders.OrderMessages.SUCCESS;
import static io.integrationhub.order.orders.OrderMessages.UNDO_BEGIN_CANCEL_TICKET;
import static io.integrationhub.order.saga.SagaDefinition.saga;

import org.springframework.stereotype.Component;

import io.integrationhub.order.orders.Order;
import io.integrationhub.order.orders.OrderMessages.OrderReference;
import io.integrationhub.routes.messaging.Channels;

/**
 * The cancel-order saga, for an APPROVED order a client cancels (the order holds CANCEL_PENDING, a semantic lock,
 * until it ends):
 * <ol>
 * <li>begin-cancel-ticket: the kitchen locks the ticket (CANCEL_PENDING) — refused once it has started preparing;
 * undone by UndoBeginCancelTicket;</li>
 * <li>reverse-authorization: accounting reverses the card authorization (the pivot: after it the cancel goes
 * through);</li>
 * <li>confirm-cancel-ticket: the kitchen cancels the ticket;</li>
 * </ol>
 * then the order is CANCELLED. A refusal undoes the steps before it and the order is APPROVED again, with the reason.
 */
@Component
public class CancelOrderSaga {

    public static final String TYPE = "cancel-order";

    /** What the saga carries. */
    public static final class Data {
        public String orderId;
        public String consumerId;
    }

    private final SagaOrchestrator orchestrator;
    private final SagaDefinition<Data> definition;

    CancelOrderSaga(SagaOrchestrator orchestrator, OrderSagaSteps orders, Channels channels) {
        this.orchestrator = orchestrator;
        String kitchen = channels.getKitchenCommands();
        String accounting = channels.getAccountingCommands();

        this.definition = saga(TYPE, Data.class)
                .step("begin-cancel-ticket")
                    .invoke(kitchen, BEGIN_CANCEL_TICKET, d -> new OrderReference(d.orderId))
                        .onSuccess(SUCCESS).onFailure(FAILURE)
                    .compensateWith(kitchen, UNDO_BEGIN_CANCEL_TICKET, d -> new OrderReference(d.orderId))
                        .onSuccess(SUCCESS).onFailure(FAILURE)
                .step("reverse-authorization")
                    .invoke(accounting, REVERSE_AUTHORIZATION, d -> new OrderReference(d.orderId))
                        .onSuccess(SUCCESS).onFailure(FAILURE)
                .step("confirm-cancel-ticket")
                    .invoke(kitchen, CONFIRM_CANCEL_TICKET, d -> new OrderReference(d.orderId))
                        .onSuccess(SUCCESS).onFailure(FAILURE)
                .whenCompleted((d, saga) -> {
                    orders.change(d.orderId, saga, Order::cancelled);
                    orders.notifyConsumer(d.consumerId, d.orderId, saga, "Your order " + d.orderId
                            + " was cancelled.");
                })
                .whenCompensated((d, saga) -> {
                    orders.change(d.orderId, saga, order -> order.cancelRefused(saga.failureReason()));
                    orders.notifyConsumer(d.consumerId, d.orderId, saga, "Your order " + d.orderId
                            + " could not be cancelled: " + saga.failureReason());
                })
                .build();
        orchestrator.register(definition);
    }

    void start(Order order, String traceParent) {
        Data data = new Data();
        data.orderId = order.orderId();
        data.consumerId = order.consumerId();
        orchestrator.start(definition, order.id(), data, traceParent);
    }

    public SagaDefinition<Data> definition() {
        return definition;
    }
}
