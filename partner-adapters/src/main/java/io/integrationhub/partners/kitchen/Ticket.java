package io.integrationhub.partners.kitchen;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import io.integrationhub.partners.kitchen.KitchenMessages.LineItem;
import io.integrationhub.partners.kitchen.KitchenMessages.Reply;

/**
 * A kitchen ticket — the one place that decides what each kitchen command does to an order's ticket and what it
 * answers. Every decision depends only on the ticket's state, never on the message: a command re-sent under a new
 * messageId (the saga retries a step after its deadline) gets the same answer and changes nothing more.
 *
 * @param ticketId null while no ticket was created (refused, or cancelled before its CreateTicket arrived)
 * @param version  optimistic version of the row; -1 for a ticket not stored yet
 */
public record Ticket(String orderId, String ticketId, String restaurantId, TicketState state,
        List<LineItem> lineItems, String reason, Instant createdAt, Instant updatedAt, int version) {

    /** What a command does: the ticket to store (null: nothing changes) and the reply. */
    public record Decision(Ticket store, Reply reply) {
    }

    public Ticket {
        lineItems = lineItems == null ? List.of() : List.copyOf(lineItems);
    }

    // ---- an order without a row

    /** CreateTicket for an order the kitchen has not seen: a CREATE_PENDING ticket, or a refusal with its reason. */
    static Decision create(String orderId, String restaurantId, List<LineItem> items, String refusal) {
        if (refusal != null) {
            return new Decision(new Ticket(orderId, null, restaurantId, TicketState.REJECTED, items, refusal, null,
                    null, -1), Reply.ticketCreationFailed(orderId, refusal));
        }
        String ticketId = "t-" + UUID.randomUUID();
        return new Decision(new Ticket(orderId, ticketId, restaurantId, TicketState.CREATE_PENDING, items, null,
                null, null, -1), Reply.ticketCreated(orderId, ticketId));
    }

    static Decision confirmUnknown(String orderId) {
        return new Decision(null, Reply.failure(orderId, "there is no ticket for order " + orderId));
    }

    /**
     * CancelCreateTicket overtook its CreateTicket (the saga compensated before the create arrived): remember the
     * cancellation — the "version file" — so the late CreateTicket creates nothing.
     */
    static Decision cancelUnknown(String orderId) {
        return new Decision(new Ticket(orderId, null, null, TicketState.CANCELLED, List.of(),
                cancelledBeforeCreation(orderId), null, null, -1), Reply.success(orderId));
    }

    // ---- an order with a row

    /** CreateTicket again (re-sent, or after a cancellation): the answer the first one got, nothing new. */
    Decision createAgain() {
        return switch (state) {
            case CREATE_PENDING, AWAITING_ACCEPTANCE -> unchanged(Reply.ticketCreated(orderId, ticketId));
            case REJECTED -> unchanged(Reply.ticketCreationFailed(orderId, reason));
            case CANCELLED -> unchanged(Reply.ticketCreationFailed(orderId, ticketId == null ? reason
                    : "ticket " + ticketId + " of order " + orderId + " was cancelled"));
        };
    }

    Decision confirm() {
        return switch (state) {
            case CREATE_PENDING -> new Decision(with(TicketState.AWAITING_ACCEPTANCE), Reply.success(orderId));
            case AWAITING_ACCEPTANCE -> unchanged(Reply.success(orderId));
            case CANCELLED -> unchanged(Reply.failure(orderId, ticketId == null ? reason
                    : "ticket " + ticketId + " of order " + orderId + " was cancelled"));
            case REJECTED -> unchanged(Reply.failure(orderId, "the ticket of order " + orderId
                    + " was not created: " + reason));
        };
    }

    /** The saga's compensation: undo a pending ticket. A confirmed one is cancelled by a later, separate flow. */
    Decision cancel() {
        return switch (state) {
            case CREATE_PENDING -> new Decision(with(TicketState.CANCELLED), Reply.success(orderId));
            // nothing (left) to undo: the compensation succeeded
            case CANCELLED, REJECTED -> unchanged(Reply.success(orderId));
            case AWAITING_ACCEPTANCE -> unchanged(Reply.failure(orderId, "ticket " + ticketId + " of order "
                    + orderId + " is already confirmed (AWAITING_ACCEPTANCE); a confirmed ticket is not cancelled "
                    + "by CancelCreateTicket"));
        };
    }

    static String cancelledBeforeCreation(String orderId) {
        return "the ticket of order " + orderId + " was cancelled before it was created";
    }

    private Ticket with(TicketState next) {
        return new Ticket(orderId, ticketId, restaurantId, next, lineItems, reason, createdAt, updatedAt, version);
    }

    private static Decision unchanged(Reply reply) {
        return new Decision(null, reply);
    }
}
