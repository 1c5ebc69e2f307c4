package io.integrationhub.routes.outbox;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;

/**
 * The rows of one outbox the broker refused for good ({@code failed_at} set by {@link OutboxRelay}), for an operator:
 * which, and why; and their release once the cause is fixed. Released, a row is claimable again — it goes out first,
 * then the rows of its aggregate that waited behind it.
 */
public final class OutboxHeldRows {

    private static final RowMapper<HeldOutboxRow> ROW = (rs, n) -> new HeldOutboxRow(rs.getLong("id"),
            rs.getString("message_id"), rs.getString("message_type"), rs.getString("destination"),
            rs.getString("aggregate_id"), rs.getString("failure"), rs.getObject("failed_at", OffsetDateTime.class));
    private static final String COLUMNS = "id, message_id::text, message_type, destination, aggregate_id, failure, "
            + "failed_at";

    /** The payload of the notification a release sends (inserts notify with an empty one). */
    static final String RELEASED = "released";

    private final JdbcTemplate jdbc;
    private final String schema;

    OutboxHeldRows(JdbcTemplate jdbc, String schema) {
        this.jdbc = jdbc;
        this.schema = Outboxes.checkedSchema(schema);
    }

    /** Oldest first, at most {@code limit}. */
    public List<HeldOutboxRow> list(int limit) {
        return jdbc.query("select " + COLUMNS + " from " + schema + ".outbox where failed_at is not null and "
                + "published_at is null order by id limit ?", ROW, limit);
    }

    /** Releases a held row and wakes the relay; empty when no row of that id is held. */
    public Optional<HeldOutboxRow> release(long id) {
        // failure stays: the log-tailing relay sends a released row itself and finds it by it (OutboxLogTailing)
        List<HeldOutboxRow> released = jdbc.query("with released as (update " + schema + ".outbox o set failed_at = null "
                + "where id = ? and failed_at is not null and published_at is null returning "
                + "o.id, o.message_id, o.message_type, o.destination, o.aggregate_id) select id, message_id::text, "
                + "message_type, destination, aggregate_id, null as failure, null::timestamptz as failed_at from "
                + "released", ROW, id);
        if (released.isEmpty()) {
            return Optional.empty();
        }
        jdbc.queryForList("select pg_notify(?, ?)", Outboxes.notifyChannel(schema), RELEASED);
        return Optional.of(released.get(0));
    }

    /** The one ERROR line of a held row, the same from both relays. */
    static void logHeld(org.slf4j.Logger log, String schema, long id, Object messageType, Object destination,
            Object aggregateId, String reason) {
        log.error("Outbox relay {}: the broker refuses row {} ({} to {}, aggregate {}) for good: {} — the row is held "
                + "and later rows of its aggregate wait; fix the cause, then release it: POST <admin base path>/outbox/"
                + "{}/held/{}/release", schema, id, messageType, destination, aggregateId, reason, schema, id);
    }
}
