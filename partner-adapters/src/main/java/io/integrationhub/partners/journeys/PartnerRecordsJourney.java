package io.integrationhub.partners.journeys;

import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;

import org.springframework.jdbc.core.JdbcTemplate;

import io.integrationhub.routes.journey.JourneyEntry;
import io.integrationhub.routes.journey.JourneyQuery;
import io.integrationhub.routes.journey.JourneySource;

/**
 * The partners' own records of the order: the kitchen's ticket and the accounting adapter's card authorization, as
 * they stand (created, and last changed to their current state), and each command the accounting adapter deferred
 * because its circuit breaker's fallback answered instead of the legacy system.
 */
class PartnerRecordsJourney implements JourneySource {

    private final JdbcTemplate jdbc;

    PartnerRecordsJourney(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public List<JourneyEntry> entries(JourneyQuery query) {
        List<JourneyEntry> entries = new ArrayList<>();
        jdbc.query("select ticket_id, state, reason, version, created_at, updated_at from kitchen.tickets "
                + "where order_id = ?", rs -> {
                    String ticket = rs.getString("ticket_id") == null ? "no ticket" : "ticket " + rs.getString("ticket_id");
                    Timestamp created = rs.getTimestamp("created_at");
                    Timestamp updated = rs.getTimestamp("updated_at");
                    String reason = rs.getString("reason");
                    String state = rs.getString("state") + (reason == null ? "" : " (" + reason + ")");
                    if (updated.after(created)) {
                        entries.add(new JourneyEntry(created.toInstant(), JourneyEntry.TICKET, "partner-adapters",
                                null, null, null, null, "kitchen: " + ticket + " created"));
                        entries.add(new JourneyEntry(updated.toInstant(), JourneyEntry.TICKET, "partner-adapters",
                                null, null, null, null, "kitchen: " + ticket + " now " + state + " (version "
                                        + rs.getInt("version") + ")"));
                    } else {
                        entries.add(new JourneyEntry(created.toInstant(), JourneyEntry.TICKET, "partner-adapters",
                                null, null, null, null, "kitchen: " + ticket + " created " + state));
                    }
                }, query.aggregateId());
        jdbc.query("select legacy_authorization_id, amount, status, updated_at from accounting.authorizations "
                + "where order_id = ?", rs -> {
                    entries.add(new JourneyEntry(rs.getTimestamp("updated_at").toInstant(), JourneyEntry.AUTHORIZATION,
                            "partner-adapters", null, null, null, null, "accounting: card authorization "
                                    + rs.getString("legacy_authorization_id") + " of " + rs.getBigDecimal("amount")
                                    + " " + rs.getString("status") + " (legacy accounting system)"));
                }, query.aggregateId());
        jdbc.query("select message_id, message_type, reason, deferred_at from accounting.deferrals where order_id = ? "
                + "order by id", rs -> {
                    entries.add(new JourneyEntry(rs.getTimestamp("deferred_at").toInstant(),
                            JourneyEntry.BREAKER_FALLBACK, "partner-adapters", "accounting.commands",
                            rs.getString("message_type"), rs.getString("message_id"), null, "accounting: "
                                    + rs.getString("message_type") + " deferred (circuit breaker fallback): "
                                    + rs.getString("reason")));
                }, query.aggregateId());
        return entries;
    }
}
