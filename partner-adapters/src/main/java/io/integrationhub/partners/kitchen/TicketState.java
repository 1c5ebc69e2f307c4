package io.integrationhub.partners.kitchen;

/** The states of a kitchen ticket row (kitchen.tickets.state); {@link Ticket} decides the transitions. */
public enum TicketState {
    /** Created by CreateTicket; the saga has not confirmed it yet. */
    CREATE_PENDING,
    /** Confirmed by ConfirmCreateTicket: the kitchen may accept and prepare it. */
    AWAITING_ACCEPTANCE,
    /** The kitchen accepted it (partner API); the order can still be cancelled or revised. */
    ACCEPTED,
    /** The kitchen started cooking (partner API): from now on the order can be neither cancelled nor revised. */
    PREPARING,
    /**
     * Semantic lock (ch. 4 countermeasure) held by a cancel-order saga between BeginCancelTicket and
     * ConfirmCancelTicket or UndoBeginCancelTicket: the kitchen neither prepares it nor takes another change meanwhile.
     */
    CANCEL_PENDING,
    /** Cancelled by CancelCreateTicket (also before its CreateTicket arrived, then with no ticket id) or a cancel saga. */
    CANCELLED,
    /**
     * Semantic lock (ch. 4 countermeasure) held by a revise-order saga between BeginReviseTicket and
     * ConfirmReviseTicket or UndoBeginReviseTicket; the revised quantities wait beside the current ones.
     */
    REVISION_PENDING,
    /** CreateTicket was refused (kitchen not accepting orders, too many portions); the reason says why. */
    REJECTED;

    /** A *_PENDING state of the cancel or revise saga: it remembers the state it came from. */
    boolean isLock() {
        return this == CANCEL_PENDING || this == REVISION_PENDING;
    }
}
