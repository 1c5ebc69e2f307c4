package io.integrationhub.partners.kitchen;

import java.util.List;
import java.util.Optional;
import java.util.function.Function;

import org.apache.camel.Message;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.integrationhub.partners.PartnerJson;
import io.integrationhub.partners.kitchen.KitchenMessages.CreateTicket;
import io.integrationhub.partners.kitchen.KitchenMessages.LineItem;
import io.integrationhub.partners.kitchen.KitchenMessages.ReviseTicket;
import io.integrationhub.partners.kitchen.KitchenMessages.TicketCommand;
import io.integrationhub.routes.messaging.Envelope;
import io.integrationhub.routes.messaging.PoisonMessageException;
import io.integrationhub.routes.outbox.OutboxMessage;
import io.integrationhub.routes.outbox.OutboxWriter;

/**
 * The kitchen service: applies the sagas' kitchen commands (create-, cancel- and revise-order) to the order's ticket
 * ({@link Ticket} decides) and writes the reply to the kitchen outbox in the same transaction — the consuming route's,
 * so the processed messageId, the ticket and the reply commit together. Idempotent on the order, not only on the
 * messageId. Every change reads the ticket row FOR UPDATE first, so one order's commands and the kitchen's own steps
 * (accept, start preparing) are applied one at a time.
 */
@Service
public class KitchenService {

    /** Ids are stored in varchar(64) columns. */
    static final int MAX_ID_LENGTH = 64;

    private final TicketRepository tickets;
    private final KitchenRepository kitchens;
    private final OutboxWriter outbox;
    private final PartnerJson json;
    private final int maxPortionsPerItem;

    public KitchenService(TicketRepository tickets, KitchenRepository kitchens,
            @Qualifier("kitchenOutbox") OutboxWriter outbox, PartnerJson json,
            @Value("${hub.partner-adapters.kitchen.max-portions-per-item:50}") int maxPortionsPerItem) {
        this.tickets = tickets;
        this.kitchens = kitchens;
        this.outbox = outbox;
        this.json = json;
        this.maxPortionsPerItem = maxPortionsPerItem;
    }

    /** The handler of kitchen-commands (kitchen.camel.yaml): one command, by its messageType. */
    @Transactional
    public void handle(Message message) throws Exception {
        Envelope command = Envelope.of(message);
        String body = message.getBody(String.class);
        if (command.replyTo() == null) {
            throw new PoisonMessageException(command.messageType() + " has no JMSReplyTo: its answer could go nowhere");
        }
        Ticket.Decision decision = switch (command.messageType()) {
            case KitchenMessages.CREATE_TICKET -> create(command, read(body, CreateTicket.class, command));
            case KitchenMessages.CONFIRM_CREATE_TICKET -> confirm(orderId(command,
                    read(body, TicketCommand.class, command).orderId()));
            case KitchenMessages.CANCEL_CREATE_TICKET -> cancel(orderId(command,
                    read(body, TicketCommand.class, command).orderId()));
            case KitchenMessages.BEGIN_CANCEL_TICKET -> change(ticketCommand(command, body), Ticket::beginCancel,
                    Ticket::refuseUnknown);
            case KitchenMessages.CONFIRM_CANCEL_TICKET -> change(ticketCommand(command, body), Ticket::confirmCancel,
                    Ticket::refuseUnknown);
            case KitchenMessages.UNDO_BEGIN_CANCEL_TICKET -> change(ticketCommand(command, body),
                    Ticket::undoBeginCancel, Ticket::nothingToUndo);
            case KitchenMessages.BEGIN_REVISE_TICKET -> {
                ReviseTicket revision = revision(command, body);
                yield change(revision.orderId(), ticket -> ticket.beginRevise(revision.revisedLineItemQuantities(),
                        maxPortionsPerItem), Ticket::refuseUnknown);
            }
            case KitchenMessages.CONFIRM_REVISE_TICKET -> {
                ReviseTicket revision = revision(command, body);
                yield change(revision.orderId(), ticket -> ticket.confirmRevise(revision.revisedLineItemQuantities()),
                        Ticket::refuseUnknown);
            }
            case KitchenMessages.UNDO_BEGIN_REVISE_TICKET -> change(ticketCommand(command, body),
                    Ticket::undoBeginRevise, Ticket::nothingToUndo);
            default -> throw new PoisonMessageException("the kitchen does not handle " + command.messageType());
        };
        outbox.append(OutboxMessage.reply(command, decision.reply().messageType(),
                json.write(decision.reply().payload())));
    }

    private Ticket.Decision create(Envelope command, CreateTicket request) {
        String orderId = orderId(command, request.orderId());
        String restaurantId = request.restaurantId();
        if (restaurantId == null || restaurantId.isBlank() || restaurantId.length() > MAX_ID_LENGTH) {
            throw new PoisonMessageException("CreateTicket needs a restaurantId of 1 to " + MAX_ID_LENGTH
                    + " characters");
        }
        Optional<Ticket> existing = tickets.lock(orderId);
        if (existing.isPresent()) {
            return existing.get().createAgain();
        }
        List<LineItem> items = request.lineItems() == null ? List.of() : request.lineItems();
        Ticket.Decision decision = Ticket.create(orderId, restaurantId, items, refusal(restaurantId, items));
        if (!tickets.insert(decision.store())) {
            // another command of this order was inserted meanwhile: answer from that row
            return tickets.lock(orderId).orElseThrow().createAgain();
        }
        return decision;
    }

    private Ticket.Decision confirm(String orderId) {
        return change(orderId, Ticket::confirm, Ticket::refuseUnknown);
    }

    /** A command about an existing ticket: what the locked ticket decides, or the answer for an order without one. */
    private Ticket.Decision change(String orderId, Function<Ticket, Ticket.Decision> command,
            Function<String, Ticket.Decision> withoutTicket) {
        Optional<Ticket> ticket = tickets.lock(orderId);
        return ticket.isPresent() ? store(command.apply(ticket.get())) : withoutTicket.apply(orderId);
    }

    private Ticket.Decision cancel(String orderId) {
        Optional<Ticket> ticket = tickets.lock(orderId);
        if (ticket.isPresent()) {
            return store(ticket.get().cancel());
        }
        Ticket.Decision decision = Ticket.cancelUnknown(orderId);
        if (!tickets.insert(decision.store())) {
            return store(tickets.lock(orderId).orElseThrow().cancel());
        }
        return decision;
    }

    /** Why this kitchen will not take the ticket, or null. */
    private String refusal(String restaurantId, List<LineItem> items) {
        if (!kitchens.find(restaurantId).acceptingOrders()) {
            return "the kitchen of restaurant " + restaurantId + " is not accepting orders";
        }
        if (items.isEmpty()) {
            return "a ticket needs at least one line item";
        }
        for (LineItem item : items) {
            if (item == null || item.menuItemId() == null || item.menuItemId().isBlank()) {
                return "every line item needs a menuItemId";
            }
            if (item.quantity() < 1) {
                return "menu item " + item.menuItemId() + ": quantity " + item.quantity() + " is not a portion count";
            }
            if (item.quantity() > maxPortionsPerItem) {
                return "menu item " + item.menuItemId() + ": " + item.quantity() + " portions exceed the kitchen's "
                        + "limit of " + maxPortionsPerItem + " per item";
            }
        }
        return null;
    }

    private Ticket.Decision store(Ticket.Decision decision) {
        if (decision.store() != null) {
            tickets.update(decision.store());
        }
        return decision;
    }

    // ---- the partner API

    @Transactional(readOnly = true)
    public Optional<Ticket> ticket(String orderId) {
        return tickets.find(orderId);
    }

    /** The kitchen accepts the order's ticket; empty when there is none. */
    @Transactional
    public Optional<StepOutcome> accept(String orderId) {
        return step(orderId, Ticket::accept);
    }

    /** The kitchen starts preparing the order; empty when there is no ticket. */
    @Transactional
    public Optional<StepOutcome> startPreparing(String orderId) {
        return step(orderId, Ticket::startPreparing);
    }

    /** What one of the kitchen's steps did: the ticket now, or why the step was refused (the ticket unchanged). */
    public record StepOutcome(Ticket ticket, String refusal) {
    }

    private Optional<StepOutcome> step(String orderId, Function<Ticket, Ticket.Step> step) {
        return tickets.lock(orderId).map(ticket -> {
            Ticket.Step decided = step.apply(ticket);
            if (decided.store() != null) {
                tickets.update(decided.store());
                return new StepOutcome(tickets.find(orderId).orElseThrow(), null);
            }
            return new StepOutcome(ticket, decided.refusal());
        });
    }

    @Transactional(readOnly = true)
    public Kitchen kitchen(String restaurantId) {
        return kitchens.find(restaurantId);
    }

    @Transactional
    public Kitchen acceptOrders(String restaurantId, boolean accepting) {
        return kitchens.save(new Kitchen(restaurantId, accepting));
    }

    // ---- reading commands

    private <T> T read(String body, Class<T> type, Envelope command) throws Exception {
        T value = body == null || body.isBlank() ? null : json.read(body, type);
        if (value == null) {
            throw new PoisonMessageException(command.messageType() + " must be a JSON object");
        }
        return value;
    }

    private String ticketCommand(Envelope command, String body) throws Exception {
        return orderId(command, read(body, TicketCommand.class, command).orderId());
    }

    private ReviseTicket revision(Envelope command, String body) throws Exception {
        ReviseTicket revision = read(body, ReviseTicket.class, command);
        orderId(command, revision.orderId());
        if (revision.revisedLineItemQuantities() == null) {
            throw new PoisonMessageException(command.messageType() + " needs revisedLineItemQuantities, an object of "
                    + "menuItemId → quantity");
        }
        return revision;
    }

    /** The payload's orderId, which must be the envelope's aggregateId: the message group keeps its commands in order. */
    private static String orderId(Envelope command, String orderId) {
        if (orderId == null || orderId.isBlank() || orderId.length() > MAX_ID_LENGTH) {
            throw new PoisonMessageException(command.messageType() + " needs an orderId of 1 to " + MAX_ID_LENGTH
                    + " characters");
        }
        if (!orderId.equals(command.aggregateId())) {
            throw new PoisonMessageException(command.messageType() + " for order " + orderId + " has aggregateId "
                    + command.aggregateId() + ": a kitchen command's aggregate is its order");
        }
        return orderId;
    }
}
