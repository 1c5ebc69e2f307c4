package io.integrationhub.routes.outbox;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The replication slot of a log-tailing outbox, from {@code pg_replication_slots}: how far its reader is behind the
 * end of the WAL ({@code confirmed_flush_lsn}) and how much WAL it makes PostgreSQL keep ({@code restart_lsn}) — the
 * number that grows without bound while no relay reads the slot, until {@code max_slot_wal_keep_size} (if set)
 * invalidates it. Cached for a second like {@link OutboxLag}.
 */
public final class OutboxSlotLag {

    /** @param exists false when the slot is not there (yet, or dropped) */
    public record Snapshot(boolean exists, boolean active, long lagBytes, long retainedBytes, long readAt) {
    }

    private final JdbcTemplate jdbc;
    private final String slot;
    private final AtomicReference<Snapshot> last = new AtomicReference<>();

    OutboxSlotLag(JdbcTemplate jdbc, String slot) {
        this.jdbc = jdbc;
        this.slot = slot;
    }

    public Snapshot read() {
        Snapshot snapshot = last.get();
        if (snapshot != null && System.nanoTime() - snapshot.readAt() < Duration.ofSeconds(1).toNanos()) {
            return snapshot;
        }
        try {
            List<Map<String, Object>> rows = jdbc.queryForList("select active, coalesce(pg_wal_lsn_diff("
                    + "pg_current_wal_lsn(), confirmed_flush_lsn), 0) as lag, coalesce(pg_wal_lsn_diff("
                    + "pg_current_wal_lsn(), restart_lsn), 0) as retained from pg_replication_slots where slot_name = ?",
                    slot);
            snapshot = rows.isEmpty() ? new Snapshot(false, false, 0, 0, System.nanoTime())
                    : new Snapshot(true, Boolean.TRUE.equals(rows.get(0).get("active")),
                            ((Number) rows.get(0).get("lag")).longValue(),
                            ((Number) rows.get(0).get("retained")).longValue(), System.nanoTime());
            last.set(snapshot);
        } catch (RuntimeException e) {
            // database unreachable: keep the last values; health reports the database
        }
        return snapshot == null ? new Snapshot(false, false, 0, 0, System.nanoTime()) : snapshot;
    }
}
