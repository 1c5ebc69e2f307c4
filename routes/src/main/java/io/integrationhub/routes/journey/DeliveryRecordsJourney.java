package io.integrationhub.routes.journey;

import java.util.ArrayList;
import java.util.List;

import org.springframework.jdbc.core.JdbcTemplate;

import io.integrationhub.routes.outbox.Outboxes;

/**
 * What the delivery machinery of one service schema knows of the aggregate: the routes it is blocked on (a failed
 * message), the messages parked behind it in arrival order, and the delivery auditor's findings (gaps, duplicates,
 * reorders of {@code aggregateSequence}), with whether each gap was filled or alarmed.
 */
public class DeliveryRecordsJourney implements JourneySource {

    public static final String BLOCKED = "aggregate-blocked";
    public static final String PARKED = "parked";
    public static final String AUDIT = "delivery-audit";

    private final JdbcTemplate jdbc;
    private final String service;
    private final String blocked;
    private final String parked;
    private final String audit;

    public DeliveryRecordsJourney(JdbcTemplate jdbc, String schema, String service) {
        this.jdbc = jdbc;
        this.service = service;
        String s = Outboxes.schemaName(schema);
        this.blocked = "select route_id, channel, blocking_message_id, dead_lettered, reason, since from " + s
                + ".parked_aggregate where aggregate_id = ?";
        this.parked = "select id, route_id, channel, message_id, message_type, aggregate_sequence, blocking_message_id,"
                + " parked_at from " + s + ".parked_message where aggregate_id = ? order by id";
        this.audit = "select route_id, channel, source, kind, expected, got, message_id, seen_at, alarmed_at, "
                + "resolved_at from " + s + ".delivery_audit where aggregate_id = ? order by seen_at, id";
    }

    @Override
    public List<JourneyEntry> entries(JourneyQuery query) {
        List<JourneyEntry> entries = new ArrayList<>();
        entries.addAll(jdbc.query(blocked, (rs, n) -> new JourneyEntry(rs.getTimestamp("since").toInstant(), BLOCKED,
                service, rs.getString("channel"), null, rs.getString("blocking_message_id"), null,
                "aggregate blocked on " + rs.getString("route_id") + " behind message "
                        + rs.getString("blocking_message_id")
                        + (rs.getBoolean("dead_lettered") ? " (dead-lettered: replay or skip it to release the rest)"
                                : " (being redelivered)")
                        + (rs.getString("reason") == null ? "" : ": " + rs.getString("reason"))),
                query.aggregateId()));
        entries.addAll(jdbc.query(parked, (rs, n) -> new JourneyEntry(rs.getTimestamp("parked_at").toInstant(), PARKED,
                service, rs.getString("channel"), rs.getString("message_type"), rs.getString("message_id"), null,
                "parked on " + rs.getString("route_id") + " behind " + rs.getString("blocking_message_id")
                        + (rs.getObject("aggregate_sequence") == null ? ""
                                : " (aggregateSequence " + rs.getLong("aggregate_sequence") + ")")),
                query.aggregateId()));
        entries.addAll(jdbc.query(audit, (rs, n) -> new JourneyEntry(rs.getTimestamp("seen_at").toInstant(), AUDIT,
                service, rs.getString("channel"), null, rs.getString("message_id"), null,
                finding(rs.getString("kind"), rs.getLong("expected"), rs.getLong("got"), rs.getString("source"),
                        rs.getString("route_id"), rs.getTimestamp("alarmed_at") != null,
                        rs.getTimestamp("resolved_at") != null)),
                query.aggregateId()));
        return entries;
    }

    private static String finding(String kind, long expected, long got, String source, String route, boolean alarmed,
            boolean resolved) {
        String what = switch (kind) {
            case "gap" -> "gap: aggregateSequence " + expected + " missing when " + got + " arrived"
                    + (resolved ? " (filled later)" : alarmed ? " — ALARM: not filled in time" : " (still open)");
            case "duplicate" -> "duplicate: aggregateSequence " + got + " again (highest seen " + expected + ")";
            default -> "reorder: aggregateSequence " + got + " arrived after " + expected;
        };
        return what + ", from " + source + "'s outbox, on " + route;
    }
}
