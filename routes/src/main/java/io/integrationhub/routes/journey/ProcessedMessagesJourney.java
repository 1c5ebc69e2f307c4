package io.integrationhub.routes.journey;

import java.util.List;

import org.springframework.jdbc.core.JdbcTemplate;

import io.integrationhub.routes.outbox.Outboxes;

/**
 * The processed-message records of one service schema (camel_messageprocessed) for the query's messageIds: which
 * consumer (route) processed which message, and when its transaction recorded it.
 */
public class ProcessedMessagesJourney implements JourneySource {

    private final JdbcTemplate jdbc;
    private final String select;
    private final String service;

    public ProcessedMessagesJourney(JdbcTemplate jdbc, String schema, String service) {
        this.jdbc = jdbc;
        this.service = service;
        this.select = "select processorName, messageId, createdAt from " + Outboxes.schemaName(schema)
                + ".camel_messageprocessed where messageId = any(?)";
    }

    @Override
    public List<JourneyEntry> entries(JourneyQuery query) {
        if (query.messageIds().isEmpty()) {
            return List.of();
        }
        return jdbc.query(con -> {
            var statement = con.prepareStatement(select);
            statement.setArray(1, con.createArrayOf("varchar", query.messageIds().toArray()));
            return statement;
        }, (rs, n) -> new JourneyEntry(rs.getTimestamp("createdAt").toInstant(), JourneyEntry.PROCESSED, service,
                null, null, rs.getString("messageId"), null,
                "processed by " + rs.getString("processorName") + " (recorded with its effects)"));
    }
}
