package io.integrationhub.partners.kitchen;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.integrationhub.partners.kitchen.KitchenMessages.LineItem;
import io.swagger.v3.oas.annotations.media.Schema;

/**
 * A ticket as GET /partners/api/v1/tickets/{orderId} shows it. ticketId and restaurantId are absent when no ticket
 * was created (cancelled before its CreateTicket arrived); reason when nothing went wrong; previousState while a
 * saga's semantic lock is held (CANCEL_PENDING, REVISION_PENDING: the state an undo goes back to); pendingLineItems
 * while REVISION_PENDING (the line items as the revision would make them).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@Schema(requiredProperties = { "orderId", "state", "lineItems", "createdAt", "updatedAt" })
public record TicketView(String orderId, String ticketId, String restaurantId, String state, String previousState,
        List<LineItem> lineItems, List<LineItem> pendingLineItems, String reason, Instant createdAt,
        Instant updatedAt) {

    static TicketView of(Ticket ticket) {
        return new TicketView(ticket.orderId(), ticket.ticketId(), ticket.restaurantId(), ticket.state().name(),
                ticket.previousState() == null ? null : ticket.previousState().name(), ticket.lineItems(),
                ticket.pendingLineItems(), ticket.reason(), ticket.createdAt(), ticket.updatedAt());
    }
}
