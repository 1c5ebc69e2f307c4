package io.integrationhub.order.journeys;

import java.util.ArrayList;
import java.util.List;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import io.integrationhub.routes.journey.JourneyEntry;
import io.integrationhub.routes.journey.JourneyQuery;
import io.integrationhub.routes.journey.JourneySource;

/** Each state the order entered (orders.order_history; a write that kept the state is not repeated). */
@Component
class OrderHistoryJourney implements JourneySource {

    private final JdbcTemplate jdbc;

    OrderHistoryJourney(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public List<JourneyEntry> entries(JourneyQuery query) {
        List<JourneyEntry> entries = new ArrayList<>();
        String[] last = { null };
        jdbc.query("select version, state, rejection_reason, changed_at from orders.order_history where order_id = ? "
                + "order by id", rs -> {
                    String state = rs.getString("state");
                    if (state.equals(last[0])) {
                        return;
                    }
                    last[0] = state;
                    String reason = rs.getString("rejection_reason");
                    entries.add(new JourneyEntry(rs.getTimestamp("changed_at").toInstant(), JourneyEntry.ORDER_STATE,
                            "order-app", null, null, null, null, "order " + state + " (version "
                                    + rs.getInt("version") + ")" + (reason == null ? "" : ": " + reason)));
                }, JourneyQueries.orderId(query));
        return entries;
    }
}
