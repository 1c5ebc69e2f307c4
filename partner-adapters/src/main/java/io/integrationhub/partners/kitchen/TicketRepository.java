package io.integrationhub.partners.kitchen;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.integrationhub.partners.kitchen.KitchenMessages.LineItem;

/**
 * kitchen.tickets: the one class that reads and writes it. Line items — and a pending revision's — are stored as JSON
 * (jsonb).
 */
@Repository
public class TicketRepository {

    private static final String COLUMNS = "order_id, ticket_id, restaurant_id, state, previous_state, "
            + "line_items::text as line_items, pending_line_items::text as pending_line_items, reason, created_at, "
            + "updated_at, version";
    private static final TypeReference<List<LineItem>> LINE_ITEMS = new TypeReference<>() {
    };

    private final JdbcTemplate jdbc;
    private final ObjectMapper json;

    public TicketRepository(JdbcTemplate jdbc, ObjectMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    public Optional<Ticket> find(String orderId) {
        return jdbc.query("select " + COLUMNS + " from kitchen.tickets where order_id = ?", this::ticket, orderId)
                .stream().findFirst();
    }

    /** The ticket, locked until the transaction ends: commands of one order are applied one after the other. */
    public Optional<Ticket> lock(String orderId) {
        return jdbc.query("select " + COLUMNS + " from kitchen.tickets where order_id = ? for update", this::ticket,
                orderId).stream().findFirst();
    }

    /** @return false when the order already has a row (another command of it got there first) */
    public boolean insert(Ticket ticket) {
        return jdbc.update("insert into kitchen.tickets (order_id, ticket_id, restaurant_id, state, line_items, "
                + "reason) values (?, ?, ?, ?, ?::jsonb, ?) on conflict (order_id) do nothing", ticket.orderId(),
                ticket.ticketId(), ticket.restaurantId(), ticket.state().name(), write(ticket.lineItems()),
                ticket.reason()) == 1;
    }

    /** Stores what a decision changed: the state, the semantic lock's memory, the line items. */
    public void update(Ticket ticket) {
        int updated = jdbc.update("update kitchen.tickets set state = ?, previous_state = ?, line_items = ?::jsonb, "
                + "pending_line_items = ?::jsonb, updated_at = now(), version = version + 1 "
                + "where order_id = ? and version = ?", ticket.state().name(),
                ticket.previousState() == null ? null : ticket.previousState().name(), write(ticket.lineItems()),
                ticket.pendingLineItems() == null ? null : write(ticket.pendingLineItems()), ticket.orderId(),
                ticket.version());
        if (updated != 1) {
            throw new OptimisticLockingFailureException("ticket of order " + ticket.orderId() + " changed meanwhile");
        }
    }

    private Ticket ticket(ResultSet rs, int row) throws SQLException {
        try {
            String previous = rs.getString("previous_state");
            String pending = rs.getString("pending_line_items");
            return new Ticket(rs.getString("order_id"), rs.getString("ticket_id"), rs.getString("restaurant_id"),
                    TicketState.valueOf(rs.getString("state")), previous == null ? null : TicketState.valueOf(previous),
                    json.readValue(rs.getString("line_items"), LINE_ITEMS),
                    pending == null ? null : json.readValue(pending, LINE_ITEMS),
                    rs.getString("reason"), rs.getTimestamp("created_at").toInstant(),
                    rs.getTimestamp("updated_at").toInstant(), rs.getInt("version"));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("unreadable line items of order " + rs.getString("order_id"), e);
        }
    }

    private String write(List<LineItem> items) {
        try {
            return json.writeValueAsString(items);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write line items", e);
        }
    }
}
