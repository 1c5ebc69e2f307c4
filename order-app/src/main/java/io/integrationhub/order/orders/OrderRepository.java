package io.integrationhub.order.orders;

import java.sql.Timestamp;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Repository;

/** The order aggregate's tables; plain JDBC with bound parameters. */
@Repository
class OrderRepository {

    private final JdbcTemplate jdbc;
    private final NamedParameterJdbcTemplate named;

    OrderRepository(JdbcTemplate jdbc, NamedParameterJdbcTemplate named) {
        this.jdbc = jdbc;
        this.named = named;
    }

    long insert(String consumerId, String restaurantId, java.math.BigDecimal total, String deliveryAddress,
            OffsetDateTime deliveryTime, List<OrderView.LineItem> lineItems) {
        GeneratedKeyHolder key = new GeneratedKeyHolder();
        named.update("insert into orders.orders (state, consumer_id, restaurant_id, order_total, delivery_address, "
                + "delivery_time) values (:state, :consumer, :restaurant, :total, :address, :time)",
                new MapSqlParameterSource()
                        .addValue("state", OrderState.APPROVAL_PENDING.name())
                        .addValue("consumer", consumerId)
                        .addValue("restaurant", restaurantId)
                        .addValue("total", total)
                        .addValue("address", deliveryAddress)
                        .addValue("time", deliveryTime),
                key, new String[] { "id" });
        long orderId = key.getKey().longValue();
        int line = 0;
        for (OrderView.LineItem item : lineItems) {
            jdbc.update("insert into orders.order_line_items (order_id, line, menu_item_id, name, quantity, price) "
                    + "values (?, ?, ?, ?, ?, ?)", orderId, line++, item.menuItemId(), item.name(), item.quantity(),
                    item.price());
        }
        return orderId;
    }

    Optional<OrderView> find(long orderId) {
        List<OrderView> found = query("where o.id = :id", new MapSqlParameterSource("id", orderId));
        return found.stream().findFirst();
    }

    List<OrderView> findByConsumer(String consumerId, int limit) {
        return query("where o.consumer_id = :consumer order by o.id desc limit :limit",
                new MapSqlParameterSource("consumer", consumerId).addValue("limit", limit));
    }

    private List<OrderView> query(String where, MapSqlParameterSource params) {
        Map<Long, Map<String, Object>> orders = new LinkedHashMap<>();
        named.query("select o.* from orders.orders o " + where, params, rs -> {
            Map<String, Object> row = new LinkedHashMap<>();
            for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                row.put(rs.getMetaData().getColumnLabel(i), rs.getObject(i));
            }
            orders.put(rs.getLong("id"), row);
        });
        if (orders.isEmpty()) {
            return List.of();
        }
        Map<Long, List<OrderView.LineItem>> items = new LinkedHashMap<>();
        named.query("select order_id, menu_item_id, name, quantity, price from orders.order_line_items "
                + "where order_id in (:ids) order by order_id, line", new MapSqlParameterSource("ids", orders.keySet()),
                rs -> {
                    items.computeIfAbsent(rs.getLong("order_id"), k -> new ArrayList<>()).add(new OrderView.LineItem(
                            rs.getString("menu_item_id"), rs.getString("name"), rs.getInt("quantity"),
                            rs.getBigDecimal("price")));
                });
        List<OrderView> views = new ArrayList<>();
        orders.forEach((id, row) -> {
            OrderState state = OrderState.valueOf((String) row.get("state"));
            String orderId = String.valueOf(id);
            Timestamp time = (Timestamp) row.get("delivery_time");
            views.add(new OrderView(orderId, state, (String) row.get("consumer_id"), (String) row.get("restaurant_id"),
                    items.getOrDefault(id, List.of()), (java.math.BigDecimal) row.get("order_total"),
                    (String) row.get("delivery_address"),
                    time == null ? null : time.toInstant().atOffset(ZoneOffset.UTC),
                    (String) row.get("rejection_reason"), null, OrderView.linksFor(orderId, state)));
        });
        return views;
    }
}
