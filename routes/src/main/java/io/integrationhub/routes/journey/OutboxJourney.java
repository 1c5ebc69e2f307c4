package io.integrationhub.routes.journey;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;

import org.springframework.jdbc.core.JdbcTemplate;

import io.integrationhub.routes.outbox.Outboxes;

/**
 * The rows of one service's outbox about the aggregate: each written (with its destination) and, once relayed,
 * published (by which relay instance). Published rows are kept for {@code hub.outbox.retention} only.
 */
public class OutboxJourney implements JourneySource {

    private final JdbcTemplate jdbc;
    private final String select;
    private final String service;

    public OutboxJourney(JdbcTemplate jdbc, String schema, String service) {
        this.jdbc = jdbc;
        this.service = service;
        this.select = "select message_id, destination, message_type, correlation_id, created_at, published_at, "
                + "published_by, failed_at, failure from " + Outboxes.schemaName(schema)
                + ".outbox where aggregate_id = ? order by id";
    }

    /** The messageIds of the aggregate's rows, for the sources keyed by messageId. */
    public List<String> messageIds(String aggregateId) {
        return jdbc.query(select, (rs, n) -> rs.getString("message_id"), aggregateId);
    }

    @Override
    public List<JourneyEntry> entries(JourneyQuery query) {
        List<JourneyEntry> entries = new ArrayList<>();
        jdbc.query(select, rs -> {
            entries.addAll(entries(rs));
        }, query.aggregateId());
        return entries;
    }

    private List<JourneyEntry> entries(ResultSet rs) throws SQLException {
        String destination = rs.getString("destination");
        String channel = destination.replaceFirst("^(queue|topic):", "");
        String id = rs.getString("message_id");
        String type = rs.getString("message_type");
        String correlation = rs.getString("correlation_id");
        List<JourneyEntry> entries = new ArrayList<>();
        entries.add(new JourneyEntry(rs.getTimestamp("created_at").toInstant(), JourneyEntry.OUTBOX_WRITTEN, service,
                channel, type, id, correlation, type + " written to the outbox for " + destination));
        Timestamp published = rs.getTimestamp("published_at");
        if (published != null) {
            String by = rs.getString("published_by");
            entries.add(new JourneyEntry(published.toInstant(), JourneyEntry.OUTBOX_PUBLISHED, service, channel, type,
                    id, correlation, type + " published to " + channel + (by == null ? "" : " by relay " + by)));
        }
        Timestamp failed = rs.getTimestamp("failed_at");
        if (failed != null) {
            entries.add(new JourneyEntry(failed.toInstant(), JourneyEntry.NOTE, service, channel, type, id,
                    correlation, type + " held in the outbox: " + rs.getString("failure")));
        }
        return entries;
    }
}
