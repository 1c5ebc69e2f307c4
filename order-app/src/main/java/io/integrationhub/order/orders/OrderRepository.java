package io.integrationhub.order.orders;

import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.integrationhub.routes.messaging.Channels;
import io.integrationhub.routes.outbox.OutboxMessage;
import io.integrationhub.routes.outbox.OutboxWriter;
import io.integrationhub.routes.versions.MessageVersion;

/**
 * The only code that reads or writes the order's tables ({@code orders}, {@code order_line_items},
 * {@code idempotency_keys}); plain JDBC with bound parameters. Saving an order also writes the events it recorded to
 * the outbox, in the same transaction.
 */
@Repository
public class OrderRepository {

    private final JdbcTemplate jdbc;
    private final NamedParameterJdbcTemplate named;
    private final OutboxWriter outbox;
    private final Channels channels;
    private final ObjectMapper json;
    private final OrderEventPayloads payloads;

    OrderRepository(JdbcTemplate jdbc, NamedParameterJdbcTemplate named, @Qualifier("ordersOutbox") OutboxWriter outbox,
            Channels channels, ObjectMapper json, OrderEventPayloads payloads) {
        this.jdbc = jdbc;
        this.named = named;
        this.outbox = outbox;
        this.channels = channels;
        this.json = json;
        this.payloads = payloads;
    }

    long nextId() {
        return jdbc.queryForObject("select nextval('orders.orders_id_seq')", Long.class);
    }

    @Transactional(propagation = Propagation.MANDATORY)
    void insert(Order order, String traceParent) {
        jdbc.update("insert into orders.orders (id, state, consumer_id, restaurant_id, order_total, delivery_address, "
                + "delivery_time) values (?, ?, ?, ?, ?, ?, ?)", order.id(), order.state().name(), order.consumerId(),
                order.restaurantId(), order.orderTotal(), order.deliveryAddress(), order.deliveryTime());
        insertLineItems(order);
        recordHistory(order.id(), 0, order);
        publish(order, traceParent);
    }

    /** One row per write, in the write's transaction: the order's history as the journey shows it. */
    private void recordHistory(long orderId, int version, Order order) {
        jdbc.update("insert into orders.order_history (order_id, version, state, rejection_reason) values (?, ?, ?, ?)",
                orderId, version, order.state().name(), order.rejectionReason());
    }

    /** All line items in one JDBC batch: one round trip whatever the number of items. */
    private void insertLineItems(Order order) {
        List<Object[]> rows = new ArrayList<>(order.lineItems().size());
        int line = 0;
        for (LineItem item : order.lineItems()) {
            rows.add(new Object[] { order.id(), line++, item.menuItemId(), item.name(), item.quantity(), item.price() });
        }
        if (rows.isEmpty()) {
            return;
        }
        jdbc.batchUpdate("insert into orders.order_line_items (order_id, line, menu_item_id, name, quantity, price) "
                + "values (?, ?, ?, ?, ?, ?)", rows);
    }

    /** Writes the order's new state and publishes the events it recorded, optimistically locked on its version. */
    @Transactional(propagation = Propagation.MANDATORY)
    public void save(Order order, String traceParent) {
        Delivery delivery = order.delivery();
        int updated = jdbc.update("update orders.orders set state = ?, rejection_reason = ?, refused_change = ?, "
                + "order_total = ?, delivery_quote_request = ?::uuid, delivery_state = ?, delivery_courier_id = ?, "
                + "delivery_price = ?, delivery_eta_minutes = ?, delivery_quotes = ?, delivery_couriers = ?, "
                + "delivery_completed_by = ?, version = version + 1, updated_at = now() where id = ? and version = ?",
                order.state().name(), order.rejectionReason(), order.refusedChange(), order.orderTotal(),
                order.deliveryQuoteRequest(), delivery == null ? null : delivery.state().name(),
                delivery == null ? null : delivery.courierId(), delivery == null ? null : delivery.price(),
                delivery == null ? null : delivery.etaMinutes(), delivery == null ? null : delivery.quotes(),
                delivery == null ? null : delivery.couriers(), delivery == null ? null : delivery.completedBy(),
                order.id(), order.version());
        if (updated != 1) {
            throw new OptimisticLockingFailureException("order " + order.id() + " changed since version "
                    + order.version());
        }
        if (order.lineItemsChanged()) {
            jdbc.update("delete from orders.order_line_items where order_id = ?", order.id());
            insertLineItems(order);
        }
        recordHistory(order.id(), order.version() + 1, order);
        publish(order, traceParent);
    }

    public boolean exists(long orderId) {
        return Boolean.TRUE.equals(jdbc.queryForObject("select exists (select 1 from orders.orders where id = ?)",
                Boolean.class, orderId));
    }

    public Optional<Order> find(long orderId) {
        return query("where o.id = :id", new MapSqlParameterSource("id", orderId)).stream().findFirst();
    }

    /** Loads the order and locks its row until the transaction ends: changes to one order happen one at a time. */
    @Transactional(propagation = Propagation.MANDATORY)
    public Order lock(long orderId) {
        return query("where o.id = :id for update", new MapSqlParameterSource("id", orderId)).stream().findFirst()
                .orElseThrow(() -> new IllegalStateException("order " + orderId + " does not exist"));
    }

    /** The order that published this delivery-quote request, if any. */
    public Optional<Order> findByDeliveryQuoteRequest(String requestId) {
        return query("where o.delivery_quote_request = :request::uuid",
                new MapSqlParameterSource("request", requestId)).stream().findFirst();
    }

    public List<Order> findByConsumer(String consumerId, int limit) {
        return findByConsumer(consumerId, limit, 0);
    }

    /** A consumer's orders newest first, {@code limit} of them after skipping {@code offset} (a page). */
    public List<Order> findByConsumer(String consumerId, int limit, long offset) {
        return query("where o.consumer_id = :consumer order by o.id desc limit :limit offset :offset",
                new MapSqlParameterSource("consumer", consumerId).addValue("limit", limit).addValue("offset", offset));
    }

    public long countByConsumer(String consumerId) {
        return jdbc.queryForObject("select count(*) from orders.orders where consumer_id = ?", Long.class, consumerId);
    }

    /**
     * Records an Idempotency-Key in this transaction. A concurrent request with the same key waits on the primary key
     * until the first commits.
     *
     * @return empty if this request is the first with the key; else the hash and order of the earlier one
     */
    @Transactional(propagation = Propagation.MANDATORY)
    Optional<Map<String, Object>> claimIdempotencyKey(String key, String requestHash) {
        int inserted = jdbc.update("insert into orders.idempotency_keys (key, request_hash) values (?, ?) "
                + "on conflict (key) do nothing", key, requestHash);
        if (inserted == 1) {
            return Optional.empty();
        }
        return Optional.of(jdbc.queryForMap("select request_hash, order_id from orders.idempotency_keys where key = ?",
                key));
    }

    @Transactional(propagation = Propagation.MANDATORY)
    void recordIdempotentOrder(String key, long orderId) {
        jdbc.update("update orders.idempotency_keys set order_id = ? where key = ?", orderId, key);
    }

    private void publish(Order order, String traceParent) {
        List<OutboxMessage> messages = new ArrayList<>();
        for (OrderMessages.Event event : order.takeEvents()) {
            MessageVersion version = payloads.versionOf(event.messageType());
            messages.add(new OutboxMessage("topic:" + channels.getOrderEvents(), event.messageType(),
                    version.toString(), OrderMessages.AGGREGATE_TYPE, order.orderId(), null, null, null, traceParent,
                    write(payloads.payload(event, version))));
        }
        outbox.appendAll(messages);
    }

    private String write(Object payload) {
        try {
            return json.writeValueAsString(payload);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialize " + payload.getClass().getSimpleName(), e);
        }
    }

    private List<Order> query(String where, MapSqlParameterSource params) {
        Map<Long, Row> rows = new LinkedHashMap<>();
        named.query("select o.* from orders.orders o " + where, params, rs -> {
            rows.put(rs.getLong("id"), Row.of(rs));
        });
        if (rows.isEmpty()) {
            return List.of();
        }
        Map<Long, List<LineItem>> items = new LinkedHashMap<>();
        named.query("select order_id, menu_item_id, name, quantity, price from orders.order_line_items "
                + "where order_id in (:ids) order by order_id, line", new MapSqlParameterSource("ids", rows.keySet()),
                rs -> {
                    items.computeIfAbsent(rs.getLong("order_id"), k -> new ArrayList<>()).add(new LineItem(
                            rs.getString("menu_item_id"), rs.getString("name"), rs.getInt("quantity"),
                            rs.getBigDecimal("price")));
                });
        List<Order> orders = new ArrayList<>();
        rows.forEach((id, row) -> orders.add(new Order(id, row.consumerId, row.restaurantId,
                items.getOrDefault(id, List.of()), row.total, row.deliveryAddress,
                row.deliveryTime == null ? null : row.deliveryTime.toInstant().atOffset(ZoneOffset.UTC),
                OrderState.valueOf(row.state), row.rejectionReason, row.refusedChange, row.version)
                .withDelivery(row.deliveryQuoteRequest, row.delivery)));
        return orders;
    }

    private record Row(String consumerId, String restaurantId, BigDecimal total, String deliveryAddress,
            Timestamp deliveryTime, String state, String rejectionReason, String refusedChange, int version,
            String deliveryQuoteRequest, Delivery delivery) {

        static Row of(ResultSet rs) throws SQLException {
            return new Row(rs.getString("consumer_id"), rs.getString("restaurant_id"), rs.getBigDecimal("order_total"),
                    rs.getString("delivery_address"), rs.getTimestamp("delivery_time"), rs.getString("state"),
                    rs.getString("rejection_reason"), rs.getString("refused_change"), rs.getInt("version"),
                    rs.getString("delivery_quote_request"), delivery(rs));
        }

        private static Delivery delivery(ResultSet rs) throws SQLException {
            String state = rs.getString("delivery_state");
            if (state == null) {
                return null;
            }
            return new Delivery(Delivery.State.valueOf(state), rs.getString("delivery_courier_id"),
                    rs.getBigDecimal("delivery_price"), (Integer) rs.getObject("delivery_eta_minutes"),
                    rs.getInt("delivery_quotes"), rs.getInt("delivery_couriers"),
                    rs.getString("delivery_completed_by"));
        }
    }
}
