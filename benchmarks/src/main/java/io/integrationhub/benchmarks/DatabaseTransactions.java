package io.integrationhub.benchmarks;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Transactions PostgreSQL counted for this database ({@code pg_stat_database}: commits + rollbacks, every session:
 * the app's pool, the relays' lock sessions, the benchmark's own queries), minus what the idle hub does in the same
 * time (its safety-net polls, leader checks). Each backend reports its counts when idle, within about 10 s
 * (PostgreSQL 15's {@code PGSTAT_IDLE_INTERVAL}), hence the waits.
 */
final class DatabaseTransactions {

    private static final long REPORT_DELAY_MS = 11_000;

    private final JdbcTemplate jdbc;
    private final double idlePerMs;
    private final long startCount;
    private final long startMs;

    private DatabaseTransactions(JdbcTemplate jdbc, double idlePerMs, long startCount, long startMs) {
        this.jdbc = jdbc;
        this.idlePerMs = idlePerMs;
        this.startCount = startCount;
        this.startMs = startMs;
    }

    /** Waits until earlier work is reported, then measures the idle rate for as long again (about 22 s). */
    static DatabaseTransactions settle(JdbcTemplate jdbc) throws InterruptedException {
        Progress.say("database transactions: waiting %d s for earlier counts, then %d s of the idle hub",
                REPORT_DELAY_MS / 1000, REPORT_DELAY_MS / 1000);
        Thread.sleep(REPORT_DELAY_MS);
        long idleStart = count(jdbc);
        long idleStartMs = System.currentTimeMillis();
        Thread.sleep(REPORT_DELAY_MS);
        long start = count(jdbc);
        long now = System.currentTimeMillis();
        return new DatabaseTransactions(jdbc, (double) (start - idleStart) / (now - idleStartMs), start, now);
    }

    /** Transactions since {@link #settle}, the idle rate subtracted; waits until the counts are reported. */
    double since() throws InterruptedException {
        Thread.sleep(REPORT_DELAY_MS);
        long end = count(jdbc);
        long elapsedMs = System.currentTimeMillis() - startMs;
        Progress.say("database transactions: %,d in %.1f s, of which %.0f at the idle rate (%.1f/s)", end - startCount,
                elapsedMs / 1e3, idlePerMs * elapsedMs, idlePerMs * 1000);
        return end - startCount - idlePerMs * elapsedMs;
    }

    private static long count(JdbcTemplate jdbc) {
        return jdbc.queryForObject("select xact_commit + xact_rollback from pg_stat_database where datname = "
                + "current_database()", Long.class);
    }
}
