package io.integrationhub.routes.outbox;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Backlog (committed rows not yet published), age of the oldest of them and how many are held, read from the table so every instance
 * can report them, active relay or not. Read together and cached for a second, so a metrics scrape or an admin call
 * costs at most one query.
 */
public final class OutboxLag {

    /** @param held rows the broker refused for good, waiting for an operator (part of the backlog) */
    public record Snapshot(long backlog, double oldestAgeSeconds, long held, long readAt) {
    }

    private final JdbcTemplate jdbc;
    private final String query;
    private final AtomicReference<Snapshot> last = new AtomicReference<>();

    OutboxLag(JdbcTemplate jdbc, String schema) {
        this.jdbc = jdbc;
        this.query = "select count(*) as backlog, coalesce(extract(epoch from clock_timestamp() - min(created_at)), 0)"
                + " as oldest, count(*) filter (where failed_at is not null) as held from "
                + Outboxes.checkedSchema(schema) + ".outbox where published_at is null";
    }

    public Snapshot read() {
        Snapshot snapshot = last.get();
        if (snapshot != null && System.nanoTime() - snapshot.readAt() < Duration.ofSeconds(1).toNanos()) {
            return snapshot;
        }
        try {
            Map<String, Object> row = jdbc.queryForMap(query);
            snapshot = new Snapshot(((Number) row.get("backlog")).longValue(),
                    ((Number) row.get("oldest")).doubleValue(), ((Number) row.get("held")).longValue(),
                    System.nanoTime());
            last.set(snapshot);
        } catch (RuntimeException e) {
            // database unreachable: keep the last values; health reports the database
        }
        return snapshot == null ? new Snapshot(0, 0, 0, System.nanoTime()) : snapshot;
    }
}
