package io.integrationhub.order.journeys;

import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import io.integrationhub.routes.journey.JourneyEntry;
import io.integrationhub.routes.journey.JourneyQuery;
import io.integrationhub.routes.journey.JourneySource;

/**
 * The order's sagas (orders.saga_instance) and their step logs (orders.saga_step): started, each command sent
 * (forward or compensation, which attempt, until when), each reply and what it correlates to, each step that ran
 * past its deadline, and how the saga ended.
 */
@Component
class SagaJourney implements JourneySource {

    private final JdbcTemplate jdbc;

    SagaJourney(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public List<JourneyEntry> entries(JourneyQuery query) {
        List<JourneyEntry> entries = new ArrayList<>();
        long orderId = JourneyQueries.orderId(query);
        jdbc.query("select id, saga_type, state, failure_reason, failed_because, created_at, ended_at from "
                + "orders.saga_instance where order_id = ? order by created_at", rs -> {
                    String saga = rs.getString("saga_type") + " saga " + rs.getString("id");
                    entries.add(new JourneyEntry(rs.getTimestamp("created_at").toInstant(), JourneyEntry.SAGA_STARTED,
                            "order-app", null, null, null, null, saga + " started"));
                    Timestamp ended = rs.getTimestamp("ended_at");
                    if (ended != null) {
                        String why = rs.getString("failed_because") != null ? rs.getString("failed_because")
                                : rs.getString("failure_reason");
                        entries.add(new JourneyEntry(ended.toInstant(), JourneyEntry.SAGA_ENDED, "order-app", null,
                                null, null, null, saga + " ended " + rs.getString("state")
                                        + (why == null ? "" : ": " + why)));
                    }
                }, orderId);
        jdbc.query("select st.step_name, st.direction, st.participant, st.command_type, st.command_message_id, "
                + "st.attempt, st.outcome, st.reply_type, st.reply_message_id, st.detail, st.sent_at, st.replied_at "
                + "from orders.saga_step st join orders.saga_instance s on s.id = st.saga_id where s.order_id = ? "
                + "order by st.id", rs -> {
                    String command = rs.getString("command_type");
                    String commandId = rs.getString("command_message_id");
                    String channel = rs.getString("participant");
                    String step = rs.getString("step_name") + (rs.getString("direction").equals("COMPENSATION")
                            ? " (compensation)" : "");
                    entries.add(new JourneyEntry(rs.getTimestamp("sent_at").toInstant(), JourneyEntry.SAGA_STEP_SENT,
                            "order-app", channel, command, commandId, null, "saga step " + step + ": " + command
                                    + " sent to " + channel + " (attempt " + rs.getInt("attempt") + ")"));
                    Timestamp replied = rs.getTimestamp("replied_at");
                    String outcome = rs.getString("outcome");
                    String detail = rs.getString("detail");
                    if (replied != null && outcome.equals("TIMED_OUT")) {
                        entries.add(new JourneyEntry(replied.toInstant(), JourneyEntry.SAGA_STEP_TIMED_OUT,
                                "order-app", channel, command, commandId, null, "saga step " + step + ": no answer to "
                                        + command + " by its deadline" + (detail == null ? "" : ": " + detail)));
                    } else if (replied != null) {
                        String reply = rs.getString("reply_type");
                        entries.add(new JourneyEntry(replied.toInstant(), JourneyEntry.SAGA_STEP_REPLIED, "order-app",
                                channel, reply, rs.getString("reply_message_id"), commandId, "saga step " + step + ": "
                                        + reply + " answered " + command + " → " + outcome
                                        + (detail == null ? "" : ": " + detail)));
                    }
                }, orderId);
        return entries;
    }

    /** The commands the order's sagas sent and the replies they got, for the sources keyed by messageId. */
    List<String> messageIds(long orderId) {
        List<String> ids = new ArrayList<>();
        jdbc.query("select st.command_message_id, st.reply_message_id from orders.saga_step st join "
                + "orders.saga_instance s on s.id = st.saga_id where s.order_id = ?", rs -> {
                    ids.add(rs.getString(1));
                    if (rs.getString(2) != null) {
                        ids.add(rs.getString(2));
                    }
                }, orderId);
        return ids;
    }
}
