package io.integrationhub.partners.kitchen;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.integrationhub.partners.kitchen.KitchenMessages.LineItem;
import io.integrationhub.partners.kitchen.KitchenMessages.Reply;

/**
 * A kitchen ticket — the one place that decides what each kitchen command does to an order's ticket and what it
 * answers. Every decision depends only on the ticket's state and the command's business content (the order, a
 * revision's quantities), never on its messageId: a command re-sent under a new messageId (the saga retries a step
 * after its deadline) gets the same answer and changes nothing more.
 *
 * <p>Two of ch. 4's countermeasures against the missing isolation of sagas live here. <em>Semantic lock</em>: the
 * cancel and revise sagas' first step puts the ticket in CANCEL_PENDING or REVISION_PENDING, which refuses every other
 * change (another saga's, the kitchen's own accept/preparing) until the saga confirms or undoes it; the state it came
 * from is kept in {@code previousState} so the undo can restore it. <em>Version file</em>: a CancelCreateTicket that
 * overtook its CreateTicket is remembered as a CANCELLED row, so the late create makes nothing.
 *
 * @param ticketId         null while no ticket was created (refused, or cancelled before its CreateTicket arrived)
 * @param previousState    while a semantic lock is held (CANCEL_PENDING, REVISION_PENDING): the state it came from;
 *                         null otherwise
 * @param pendingLineItems while REVISION_PENDING: the line items as the revision would make them; null otherwise
 * @param version          optimistic version of the row; -1 for a ticket not stored yet
 */
public record Ticket(String orderId, String ticketId, String restaurantId, TicketState state,
        TicketState previousState, List<LineItem> lineItems, List<LineItem> pendingLineItems, String reason,
        Instant createdAt, Instant updatedAt, int version) {

    /** What a command does: the ticket to store (null: nothing changes) and the reply. */
    public record Decision(Ticket store, Reply reply) {
    }

    /**
     * What one of the kitchen's own steps (accept, start preparing) does: the ticket to store (null: it already is
     * there), or why the step is not allowed in the ticket's state.
     */
    public record Step(Ticket store, String refusal) {
    }

    public Ticket {
        lineItems = lineItems == null ? List.of() : List.copyOf(lineItems);
        pendingLineItems = pendingLineItems == null ? null : List.copyOf(pendingLineItems);
    }

    // ---- an order without a row

    /** CreateTicket for an order the kitchen has not seen: a CREATE_PENDING ticket, or a refusal with its reason. */
    static Decision create(String orderId, String restaurantId, List<LineItem> items, String refusal) {
        if (refusal != null) {
            return new Decision(new Ticket(orderId, null, restaurantId, TicketState.REJECTED, null, items, null,
                    refusal, null, null, -1), Reply.ticketCreationFailed(orderId, refusal));
        }
        String ticketId = "t-" + UUID.randomUUID();
        return new Decision(new Ticket(orderId, ticketId, restaurantId, TicketState.CREATE_PENDING, null, items, null,
                null, null, null, -1), Reply.ticketCreated(orderId, ticketId));
    }

    /** ConfirmCreateTicket, BeginCancelTicket, ConfirmCancelTicket, Begin/ConfirmReviseTicket without a ticket. */
    static Decision refuseUnknown(String orderId) {
        return new Decision(null, Reply.failure(orderId, "there is no ticket for order " + orderId));
    }

    /** An undo without a ticket: its begin was refused, so there is nothing to undo. */
    static Decision nothingToUndo(String orderId) {
        return new Decision(null, Reply.success(orderId));
    }

    /**
     * CancelCreateTicket overtook its CreateTicket (the saga compensated before the create arrived): remember the
     * cancellation — ch. 4's "version file" countermeasure — so the late CreateTicket creates nothing.
     */
    static Decision cancelUnknown(String orderId) {
        return new Decision(new Ticket(orderId, null, null, TicketState.CANCELLED, null, List.of(), null,
                cancelledBeforeCreation(orderId), null, null, -1), Reply.success(orderId));
    }

    // ---- the create-order saga

    /** CreateTicket again (re-sent, or after a cancellation): the answer the first one got, nothing new. */
    Decision createAgain() {
        return switch (state) {
            case CREATE_PENDING, AWAITING_ACCEPTANCE, ACCEPTED, PREPARING, CANCEL_PENDING, REVISION_PENDING ->
                    unchanged(Reply.ticketCreated(orderId, ticketId));
            case REJECTED -> unchanged(Reply.ticketCreationFailed(orderId, reason));
            case CANCELLED -> unchanged(Reply.ticketCreationFailed(orderId, ticketId == null ? reason
                    : "ticket " + ticketId + " of order " + orderId + " was cancelled"));
        };
    }

    Decision confirm() {
        return switch (state) {
            case CREATE_PENDING -> new Decision(with(TicketState.AWAITING_ACCEPTANCE), Reply.success(orderId));
            // confirmed before, and the ticket has moved on since
            case AWAITING_ACCEPTANCE, ACCEPTED, PREPARING, CANCEL_PENDING, REVISION_PENDING ->
                    unchanged(Reply.success(orderId));
            case CANCELLED -> unchanged(Reply.failure(orderId, ticketId == null ? reason
                    : "ticket " + ticketId + " of order " + orderId + " was cancelled"));
            case REJECTED -> unchanged(Reply.failure(orderId, "the ticket of order " + orderId
                    + " was not created: " + reason));
        };
    }

    /** The saga's compensation: undo a pending ticket. A confirmed one is cancelled by the cancel-order saga. */
    Decision cancel() {
        return switch (state) {
            case CREATE_PENDING -> new Decision(with(TicketState.CANCELLED), Reply.success(orderId));
            // nothing (left) to undo: the compensation succeeded
            case CANCELLED, REJECTED -> unchanged(Reply.success(orderId));
            case AWAITING_ACCEPTANCE, ACCEPTED, PREPARING, CANCEL_PENDING, REVISION_PENDING -> unchanged(
                    Reply.failure(orderId, "ticket " + ticketId + " of order " + orderId + " is already confirmed ("
                            + state + "); a confirmed ticket is not cancelled by CancelCreateTicket"));
        };
    }

    // ---- the cancel-order saga: semantic lock CANCEL_PENDING

    /** Takes the semantic lock: a ticket the kitchen has not started preparing waits for the cancellation. */
    Decision beginCancel() {
        return switch (state) {
            case AWAITING_ACCEPTANCE, ACCEPTED -> new Decision(lock(TicketState.CANCEL_PENDING, null),
                    Reply.success(orderId));
            case CANCEL_PENDING -> unchanged(Reply.success(orderId)); // re-sent: the lock is already ours
            case PREPARING -> unchanged(Reply.failure(orderId, preparing()));
            // REVISION_PENDING: another saga holds the lock; the others cannot be cancelled (any more)
            case CREATE_PENDING, REVISION_PENDING, CANCELLED, REJECTED -> unchanged(Reply.failure(orderId, isNow()));
        };
    }

    Decision confirmCancel() {
        return switch (state) {
            case CANCEL_PENDING -> new Decision(unlock(TicketState.CANCELLED, lineItems), Reply.success(orderId));
            case CANCELLED -> unchanged(Reply.success(orderId));
            case CREATE_PENDING, AWAITING_ACCEPTANCE, ACCEPTED, PREPARING, REVISION_PENDING, REJECTED ->
                    unchanged(Reply.failure(orderId, isNow() + ": no cancellation is pending"));
        };
    }

    /** The cancel saga's compensation: release the lock, back to the state the ticket was in. */
    Decision undoBeginCancel() {
        return switch (state) {
            case CANCEL_PENDING -> new Decision(unlock(previousState, lineItems), Reply.success(orderId));
            case CANCELLED -> unchanged(Reply.failure(orderId, isNow() + ": the cancellation cannot be undone"));
            // never locked, or undone before
            case CREATE_PENDING, AWAITING_ACCEPTANCE, ACCEPTED, PREPARING, REVISION_PENDING, REJECTED ->
                    unchanged(Reply.success(orderId));
        };
    }

    // ---- the revise-order saga: semantic lock REVISION_PENDING

    /**
     * Takes the semantic lock with the revised quantities beside the current ones: a ticket the kitchen has not
     * started preparing waits for the revision.
     *
     * @param quantities  menuItemId → new portion count; items not named keep theirs
     * @param maxPortions the kitchen's limit per item
     */
    Decision beginRevise(Map<String, Integer> quantities, int maxPortions) {
        return switch (state) {
            case AWAITING_ACCEPTANCE, ACCEPTED -> {
                String invalid = invalidRevision(quantities, maxPortions);
                yield invalid != null ? unchanged(Reply.failure(orderId, invalid))
                        : new Decision(lock(TicketState.REVISION_PENDING, revised(quantities)), Reply.success(orderId));
            }
            // re-sent: the lock is ours when it holds these quantities; another revision's otherwise
            case REVISION_PENDING -> unchanged(pendingIs(quantities) ? Reply.success(orderId)
                    : Reply.failure(orderId, isNow()));
            case PREPARING -> unchanged(Reply.failure(orderId, preparing()));
            case CREATE_PENDING, CANCEL_PENDING, CANCELLED, REJECTED -> unchanged(Reply.failure(orderId, isNow()));
        };
    }

    Decision confirmRevise(Map<String, Integer> quantities) {
        return switch (state) {
            case REVISION_PENDING -> pendingIs(quantities)
                    ? new Decision(unlock(previousState, pendingLineItems), Reply.success(orderId))
                    : unchanged(Reply.failure(orderId, isNow() + " with other quantities"));
            // re-sent after it was applied
            case AWAITING_ACCEPTANCE, ACCEPTED, PREPARING, CANCEL_PENDING -> unchanged(
                    !quantities.isEmpty() && lineItems.equals(revised(quantities)) ? Reply.success(orderId)
                            : Reply.failure(orderId, isNow() + ": no revision is pending"));
            case CREATE_PENDING, CANCELLED, REJECTED -> unchanged(Reply.failure(orderId, isNow()
                    + ": no revision is pending"));
        };
    }

    /** The revise saga's compensation: release the lock; the pending quantities are dropped, the old ones stay. */
    Decision undoBeginRevise() {
        return state == TicketState.REVISION_PENDING
                ? new Decision(unlock(previousState, lineItems), Reply.success(orderId))
                : unchanged(Reply.success(orderId)); // never locked, or undone before
    }

    // ---- the kitchen's own steps (partner API)

    /** The kitchen accepts the ticket; accepting it again changes nothing. Not while a saga holds the lock. */
    Step accept() {
        return switch (state) {
            case AWAITING_ACCEPTANCE -> new Step(with(TicketState.ACCEPTED), null);
            case ACCEPTED -> new Step(null, null);
            default -> new Step(null, "The ticket of order " + orderId + " is " + state
                    + "; only a ticket AWAITING_ACCEPTANCE can be accepted.");
        };
    }

    /**
     * The kitchen starts cooking: from now on the order can be neither cancelled nor revised. Not while a saga
     * holds the lock — the semantic lock keeps the kitchen from starting on an order that is being cancelled.
     */
    Step startPreparing() {
        return switch (state) {
            case ACCEPTED -> new Step(with(TicketState.PREPARING), null);
            case PREPARING -> new Step(null, null);
            default -> new Step(null, "The ticket of order " + orderId + " is " + state
                    + "; only an ACCEPTED ticket can be prepared.");
        };
    }

    // ---- helpers

    static String cancelledBeforeCreation(String orderId) {
        return "the ticket of order " + orderId + " was cancelled before it was created";
    }

    private String preparing() {
        return "the kitchen has started preparing order " + orderId;
    }

    private String isNow() {
        return "ticket of order " + orderId + " is " + state;
    }

    /** Why the kitchen will not take this revision, or null. */
    private String invalidRevision(Map<String, Integer> quantities, int maxPortions) {
        if (quantities.isEmpty()) {
            return "a revision needs the quantity of at least one line item";
        }
        for (Map.Entry<String, Integer> entry : quantities.entrySet()) {
            String menuItem = entry.getKey();
            Integer quantity = entry.getValue();
            if (lineItems.stream().noneMatch(item -> item.menuItemId().equals(menuItem))) {
                return "menu item " + menuItem + " is not on the ticket of order " + orderId;
            }
            if (quantity == null || quantity < 1) {
                return "menu item " + menuItem + ": quantity " + quantity + " is not a portion count";
            }
            if (quantity > maxPortions) {
                return "menu item " + menuItem + ": " + quantity + " portions exceed the kitchen's limit of "
                        + maxPortions + " per item";
            }
        }
        return null;
    }

    /** The line items with the revised quantities; null when the revision names an item not on the ticket. */
    private List<LineItem> revised(Map<String, Integer> quantities) {
        if (!quantities.keySet().stream().allMatch(menuItem -> lineItems.stream()
                .anyMatch(item -> item.menuItemId().equals(menuItem)))) {
            return null;
        }
        List<LineItem> revised = new ArrayList<>(lineItems.size());
        for (LineItem item : lineItems) {
            Integer quantity = quantities.get(item.menuItemId());
            revised.add(quantity == null ? item : new LineItem(item.menuItemId(), quantity));
        }
        return revised;
    }

    private boolean pendingIs(Map<String, Integer> quantities) {
        return pendingLineItems != null && pendingLineItems.equals(revised(quantities));
    }

    private Ticket with(TicketState next) {
        return new Ticket(orderId, ticketId, restaurantId, next, previousState, lineItems, pendingLineItems, reason,
                createdAt, updatedAt, version);
    }

    private Ticket lock(TicketState pending, List<LineItem> pendingItems) {
        return new Ticket(orderId, ticketId, restaurantId, pending, state, lineItems, pendingItems, reason, createdAt,
                updatedAt, version);
    }

    private Ticket unlock(TicketState next, List<LineItem> items) {
        return new Ticket(orderId, ticketId, restaurantId, next, null, items, null, reason, createdAt, updatedAt,
                version);
    }

    private static Decision unchanged(Reply reply) {
        return new Decision(null, reply);
    }
}
