package io.integrationhub.routes.journey;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;

import io.integrationhub.routes.outbox.Outboxes;

/**
 * The replay log of one admin API (table dead_letter_replays in one service schema): a replayed dead letter leaves
 * DLQ.&lt;channel&gt;, and only this row still tells the journey that, when and why it had been dead-lettered.
 */
public class DeadLetterReplays implements JourneySource {

    private static final Logger log = LoggerFactory.getLogger(DeadLetterReplays.class);

    /** A dead letter as it was when it was replayed. */
    public record Replay(String channel, String messageId, String messageType, String aggregateId, String reason,
            Integer deliveries, Instant deadLetteredAt) {
    }

    private final JdbcTemplate jdbc;
    private final String table;
    private final String service;

    public DeadLetterReplays(JdbcTemplate jdbc, String schema, String service) {
        this.jdbc = jdbc;
        this.table = Outboxes.schemaName(schema) + ".dead_letter_replays";
        this.service = service;
    }

    /**
     * Called after the broker committed the move: the message is back on its channel whatever happens here, so a
     * failure to record it is logged, not thrown (the operator's replay did happen).
     */
    public void record(Replay replay) {
        try {
            jdbc.update("insert into " + table + " (channel, message_id, message_type, aggregate_id, reason, "
                    + "deliveries, dead_lettered_at) values (?, ?, ?, ?, ?, ?, ?)", replay.channel(), replay.messageId(),
                    replay.messageType(), replay.aggregateId(), replay.reason(), replay.deliveries(),
                    replay.deadLetteredAt() == null ? null : Timestamp.from(replay.deadLetteredAt()));
        } catch (RuntimeException e) {
            log.warn("Replayed dead letter {} of {} but could not record it in {}: {}", replay.messageId(),
                    replay.channel(), table, e.getMessage());
        }
    }

    @Override
    public List<JourneyEntry> entries(JourneyQuery query) {
        List<JourneyEntry> entries = new ArrayList<>();
        jdbc.query("select channel, message_id, message_type, reason, deliveries, dead_lettered_at, replayed_at from "
                + table + " where aggregate_id = ? order by id", rs -> {
                    String channel = rs.getString("channel");
                    String type = rs.getString("message_type");
                    String id = rs.getString("message_id");
                    Timestamp dead = rs.getTimestamp("dead_lettered_at");
                    Integer deliveries = rs.getObject("deliveries", Integer.class);
                    if (dead != null) {
                        entries.add(new JourneyEntry(dead.toInstant(), JourneyEntry.DEAD_LETTERED, "broker", channel,
                                type, id, null, type + " dead-lettered to DLQ." + channel
                                        + (deliveries == null ? "" : " after " + deliveries + " deliveries") + ": "
                                        + rs.getString("reason")));
                    }
                    entries.add(new JourneyEntry(rs.getTimestamp("replayed_at").toInstant(), JourneyEntry.REPLAYED,
                            service, channel, type, id, null, type + " replayed from DLQ." + channel
                                    + " to " + channel + " by an operator"));
                }, query.aggregateId());
        return entries;
    }
}
