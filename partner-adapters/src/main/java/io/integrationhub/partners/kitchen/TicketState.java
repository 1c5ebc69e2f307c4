package io.integrationhub.partners.kitchen;

/** The states of a kitchen ticket row (kitchen.tickets.state); {@link Ticket} decides the transitions. */
public enum TicketState {
    /** Created by CreateTicket; the saga has not confirmed it yet. */
    CREATE_PENDING,
    /** Confirmed by ConfirmCreateTicket: the kitchen may accept and prepare it. */
    AWAITING_ACCEPTANCE,
    /** Cancelled by CancelCreateTicket — also before its CreateTicket arrived (then with no ticket id). */
    CANCELLED,
    /** CreateTicket was refused (kitchen not accepting orders, too many portions); the reason says why. */
    REJECTED
}
