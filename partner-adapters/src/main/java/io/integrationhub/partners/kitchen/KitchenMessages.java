package io.integrationhub.partners.kitchen;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.swagger.v3.oas.annotations.media.Schema;

/**
 * The kitchen's messaging contract (payload version 1.0, asyncapi.yaml): the commands it reads from kitchen.commands
 * — the create-order saga's and the cancel- and revise-order sagas' — and the replies it writes to the command's
 * JMSReplyTo (Success / Failure for all but CreateTicket). The wire names are the constants, never class names.
 * Commands are read tolerantly: fields the kitchen does not need (a line item's name or price) are ignored.
 */
public final class KitchenMessages {

    public static final String CREATE_TICKET = "CreateTicket";
    public static final String CONFIRM_CREATE_TICKET = "ConfirmCreateTicket";
    public static final String CANCEL_CREATE_TICKET = "CancelCreateTicket";
    public static final String BEGIN_CANCEL_TICKET = "BeginCancelTicket";
    public static final String CONFIRM_CANCEL_TICKET = "ConfirmCancelTicket";
    public static final String UNDO_BEGIN_CANCEL_TICKET = "UndoBeginCancelTicket";
    public static final String BEGIN_REVISE_TICKET = "BeginReviseTicket";
    public static final String CONFIRM_REVISE_TICKET = "ConfirmReviseTicket";
    public static final String UNDO_BEGIN_REVISE_TICKET = "UndoBeginReviseTicket";

    public static final String TICKET_CREATED = "TicketCreated";
    public static final String TICKET_CREATION_FAILED = "TicketCreationFailed";
    public static final String SUCCESS = "Success";
    public static final String FAILURE = "Failure";

    private KitchenMessages() {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    @Schema(requiredProperties = { "menuItemId", "quantity" })
    public record LineItem(String menuItemId, int quantity) {
    }

    /** CreateTicket: a ticket in CREATE_PENDING for the order. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record CreateTicket(String orderId, String restaurantId, List<LineItem> lineItems) {
    }

    /**
     * ConfirmCreateTicket, CancelCreateTicket, BeginCancelTicket, ConfirmCancelTicket, UndoBeginCancelTicket and
     * UndoBeginReviseTicket carry only the order.
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record TicketCommand(String orderId) {
    }

    /**
     * BeginReviseTicket and ConfirmReviseTicket: the order and its revised portion counts, menuItemId → quantity
     * (line items not named keep theirs). The confirmation repeats the quantities it confirms.
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record ReviseTicket(String orderId, Map<String, Integer> revisedLineItemQuantities) {
    }

    public record TicketCreated(String orderId, String ticketId) {
    }

    public record TicketCreationFailed(String orderId, String reason) {
    }

    public record Success(String orderId) {
    }

    public record Failure(String orderId, String reason) {
    }

    /** A reply to write to the outbox: its wire name and payload. */
    public record Reply(String messageType, Object payload) {

        static Reply ticketCreated(String orderId, String ticketId) {
            return new Reply(TICKET_CREATED, new TicketCreated(orderId, ticketId));
        }

        static Reply ticketCreationFailed(String orderId, String reason) {
            return new Reply(TICKET_CREATION_FAILED, new TicketCreationFailed(orderId, reason));
        }

        static Reply success(String orderId) {
            return new Reply(SUCCESS, new Success(orderId));
        }

        static Reply failure(String orderId, String reason) {
            return new Reply(FAILURE, new Failure(orderId, reason));
        }
    }
}
