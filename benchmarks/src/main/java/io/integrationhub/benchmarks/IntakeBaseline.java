package io.integrationhub.benchmarks;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import javax.sql.DataSource;

/**
 * Phase 2's baseline: plain JDBC writing, in one transaction, the rows {@code POST /api/v1/orders} writes — copied
 * column by column from one order the hub accepted in this run (its order row, line items, history row, outbox rows
 * with their payloads, saga instance and saga steps), so the baseline writes what the hub writes, byte for byte in
 * size, with the same SQL (the outbox insert keeps OutboxWriter's aggregate_sequence upsert). One prepared statement
 * per row, no batching, like a hand-written DAO; the hub's reads (restaurant replica) are not repeated.
 */
final class IntakeBaseline {

    private static final String NEXT_ID = "select nextval('orders.orders_id_seq')";
    private static final String ORDER = "insert into orders.orders (id, state, consumer_id, restaurant_id, order_total, "
            + "delivery_address, delivery_time) values (?, ?, ?, ?, ?, ?, ?)";
    private static final String LINE_ITEM = "insert into orders.order_line_items (order_id, line, menu_item_id, name, "
            + "quantity, price) values (?, ?, ?, ?, ?, ?)";
    private static final String HISTORY = "insert into orders.order_history (order_id, version, state, "
            + "rejection_reason) values (?, ?, ?, ?)";
    /** OutboxWriter's statement: the aggregate's next aggregate_sequence and the row, in one statement. */
    private static final String OUTBOX = "with sequence as (insert into orders.aggregate_sequence as c (destination, "
            + "aggregate_type, aggregate_id, last_sequence) values (?, ?, ?, 1) on conflict (destination, "
            + "aggregate_type, aggregate_id) do update set last_sequence = c.last_sequence + 1 returning last_sequence) "
            + "insert into orders.outbox (message_id, destination, message_type, message_version, aggregate_type, "
            + "aggregate_id, reply_to, correlation_id, saga_id, trace_parent, payload, content_type, aggregate_sequence) "
            + "values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, (select last_sequence from sequence))";
    private static final String SAGA = "insert into orders.saga_instance (id, saga_type, order_id, state, current_step, "
            + "data, deadline, attempts, trace_parent) values (?::uuid, ?, ?, ?, ?, ?::jsonb, ?, ?, ?)";
    private static final String STEP = "insert into orders.saga_step (saga_id, step, step_name, direction, participant, "
            + "command_type, command_message_id, attempt, outcome) values (?::uuid, ?, ?, ?, ?, ?, ?, ?, 'SENT')";

    record Order(String state, String consumerId, String restaurantId, java.math.BigDecimal total, String address,
            Timestamp deliveryTime) {
    }

    record LineItem(int line, String menuItemId, String name, int quantity, java.math.BigDecimal price) {
    }

    record History(int version, String state, String rejectionReason) {
    }

    record Outbox(String destination, String messageType, String messageVersion, String aggregateType, String replyTo,
            String correlationId, boolean hasSaga, String traceParent, String payload, String contentType) {
    }

    record Saga(String type, String state, int currentStep, String data, int attempts, String traceParent) {
    }

    record Step(int step, String stepName, String direction, String participant, String commandType, int attempt) {
    }

    private final Order order;
    private final List<LineItem> lineItems;
    private final List<History> history;
    private final List<Outbox> outbox;
    private final Saga saga;
    private final List<Step> steps;
    private final String templateId;

    private IntakeBaseline(String templateId, Order order, List<LineItem> lineItems, List<History> history,
            List<Outbox> outbox, Saga saga, List<Step> steps) {
        this.templateId = templateId;
        this.order = order;
        this.lineItems = lineItems;
        this.history = history;
        this.outbox = outbox;
        this.saga = saga;
        this.steps = steps;
    }

    /** Statements per transaction, the sequence number included (the commit not). */
    int statements() {
        return 2 + lineItems.size() + history.size() + outbox.size() + (saga == null ? 0 : 1) + steps.size();
    }

    /** "orders 1, order_line_items 1, …": what one transaction writes. */
    String rows() {
        return "orders 1, order_line_items " + lineItems.size() + ", order_history " + history.size() + ", outbox "
                + outbox.size() + " (+ aggregate_sequence " + outbox.size() + "), saga_instance " + (saga == null ? 0 : 1)
                + ", saga_step " + steps.size();
    }

    /** The rows of the newest order the hub wrote: the template every baseline transaction copies. */
    static IntakeBaseline of(DataSource dataSource) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            long id;
            try (PreparedStatement s = c.prepareStatement("select max(id) from orders.orders");
                    ResultSet rs = s.executeQuery()) {
                rs.next();
                id = rs.getLong(1);
            }
            Order order = one(c, "select state, consumer_id, restaurant_id, order_total, delivery_address, "
                    + "delivery_time from orders.orders where id = ?", id, rs -> new Order(rs.getString(1),
                            rs.getString(2), rs.getString(3), rs.getBigDecimal(4), rs.getString(5), rs.getTimestamp(6)))
                    .get(0);
            List<LineItem> items = one(c, "select line, menu_item_id, name, quantity, price from "
                    + "orders.order_line_items where order_id = ? order by line", id, rs -> new LineItem(rs.getInt(1),
                            rs.getString(2), rs.getString(3), rs.getInt(4), rs.getBigDecimal(5)));
            List<History> history = one(c, "select version, state, rejection_reason from orders.order_history "
                    + "where order_id = ? order by id", id, rs -> new History(rs.getInt(1), rs.getString(2),
                            rs.getString(3)));
            List<Outbox> outbox = one(c, "select destination, message_type, message_version, aggregate_type, reply_to, "
                    + "correlation_id, saga_id is not null, trace_parent, payload, content_type from orders.outbox "
                    + "where aggregate_id = ? order by id", String.valueOf(id), rs -> new Outbox(rs.getString(1),
                            rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5), rs.getString(6),
                            rs.getBoolean(7), rs.getString(8), rs.getString(9), rs.getString(10)));
            List<Saga> sagas = one(c, "select saga_type, state, current_step, data::text, attempts, trace_parent from "
                    + "orders.saga_instance where order_id = ?", id, rs -> new Saga(rs.getString(1), rs.getString(2),
                            rs.getInt(3), rs.getString(4), rs.getInt(5), rs.getString(6)));
            List<Step> steps = one(c, "select s.step, s.step_name, s.direction, s.participant, s.command_type, "
                    + "s.attempt from orders.saga_step s join orders.saga_instance i on i.id = s.saga_id "
                    + "where i.order_id = ? order by s.id", id, rs -> new Step(rs.getInt(1), rs.getString(2),
                            rs.getString(3), rs.getString(4), rs.getString(5), rs.getInt(6)));
            if (outbox.isEmpty()) {
                throw new IllegalStateException("order " + id + " has no outbox rows to copy (was the relay off?)");
            }
            return new IntakeBaseline(String.valueOf(id), order, items, history, outbox,
                    sagas.isEmpty() ? null : sagas.get(0), steps);
        }
    }

    /** One transaction writing a copy of the template's rows for a new order. */
    void write(Connection c, int i) throws SQLException {
        c.setAutoCommit(false);
        try {
            long id;
            try (PreparedStatement s = c.prepareStatement(NEXT_ID); ResultSet rs = s.executeQuery()) {
                rs.next();
                id = rs.getLong(1);
            }
            String orderId = String.valueOf(id);
            try (PreparedStatement s = c.prepareStatement(ORDER)) {
                s.setLong(1, id);
                s.setString(2, order.state());
                s.setString(3, "c-" + (i % 100));
                s.setString(4, order.restaurantId());
                s.setBigDecimal(5, order.total());
                s.setString(6, order.address());
                s.setTimestamp(7, order.deliveryTime());
                s.executeUpdate();
            }
            for (LineItem item : lineItems) {
                try (PreparedStatement s = c.prepareStatement(LINE_ITEM)) {
                    s.setLong(1, id);
                    s.setInt(2, item.line());
                    s.setString(3, item.menuItemId());
                    s.setString(4, item.name());
                    s.setInt(5, item.quantity());
                    s.setBigDecimal(6, item.price());
                    s.executeUpdate();
                }
            }
            for (History h : history) {
                try (PreparedStatement s = c.prepareStatement(HISTORY)) {
                    s.setLong(1, id);
                    s.setInt(2, h.version());
                    s.setString(3, h.state());
                    s.setString(4, h.rejectionReason());
                    s.executeUpdate();
                }
            }
            String sagaId = UUID.randomUUID().toString();
            // the saga row before its commands' rows, as the hub writes them
            List<UUID> commandIds = new ArrayList<>();
            boolean sagaWritten = false;
            for (Outbox row : outbox) {
                if (row.hasSaga() && !sagaWritten && saga != null) {
                    writeSaga(c, sagaId, id);
                    sagaWritten = true;
                }
                UUID messageId = UUID.randomUUID();
                try (PreparedStatement s = c.prepareStatement(OUTBOX)) {
                    s.setString(1, row.destination());
                    s.setString(2, row.aggregateType());
                    s.setString(3, orderId);
                    s.setObject(4, messageId);
                    s.setString(5, row.destination());
                    s.setString(6, row.messageType());
                    s.setString(7, row.messageVersion());
                    s.setString(8, row.aggregateType());
                    s.setString(9, orderId);
                    s.setString(10, row.replyTo());
                    s.setString(11, row.correlationId());
                    s.setString(12, row.hasSaga() ? sagaId : null);
                    s.setString(13, row.traceParent());
                    s.setString(14, row.payload().replace(templateId, orderId));
                    s.setString(15, row.contentType());
                    s.executeUpdate();
                }
                if (row.hasSaga()) {
                    commandIds.add(messageId);
                    int n = commandIds.size() - 1;
                    if (n < steps.size()) {
                        writeStep(c, sagaId, steps.get(n), messageId);
                    }
                }
            }
            if (!sagaWritten && saga != null) {
                writeSaga(c, sagaId, id);
            }
            c.commit();
        } catch (SQLException | RuntimeException e) {
            c.rollback();
            throw e;
        } finally {
            c.setAutoCommit(true);
        }
    }

    private void writeSaga(Connection c, String sagaId, long orderId) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(SAGA)) {
            s.setString(1, sagaId);
            s.setString(2, saga.type());
            s.setLong(3, orderId);
            s.setString(4, saga.state());
            s.setInt(5, saga.currentStep());
            s.setString(6, saga.data().replace(templateId, String.valueOf(orderId)));
            // the hub's sagas here run with hub.order-app.saga.deadline=1h (HubUnderTest); with 30 s the app's
            // deadline scan re-sent the baseline's commands into orders.outbox during the later phases
            s.setTimestamp(7, Timestamp.from(Instant.now().plus(1, ChronoUnit.HOURS)));
            s.setInt(8, saga.attempts());
            s.setString(9, saga.traceParent());
            s.executeUpdate();
        }
    }

    private static void writeStep(Connection c, String sagaId, Step step, UUID messageId) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(STEP)) {
            s.setString(1, sagaId);
            s.setInt(2, step.step());
            s.setString(3, step.stepName());
            s.setString(4, step.direction());
            s.setString(5, step.participant());
            s.setString(6, step.commandType());
            s.setObject(7, messageId);
            s.setInt(8, step.attempt());
            s.executeUpdate();
        }
    }

    @FunctionalInterface
    private interface RowMapper<T> {
        T map(ResultSet rs) throws SQLException;
    }

    private static <T> List<T> one(Connection c, String sql, Object key, RowMapper<T> mapper) throws SQLException {
        List<T> out = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement(sql)) {
            s.setObject(1, key);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    out.add(mapper.map(rs));
                }
            }
        }
        return out;
    }
}
