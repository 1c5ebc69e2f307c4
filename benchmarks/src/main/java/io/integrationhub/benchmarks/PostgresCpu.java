package io.integrationhub.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;

import javax.sql.DataSource;

/**
 * CPU of the benchmark database's PostgreSQL backends (walsenders included; not the server's own background
 * processes such as the WAL writer), read from /proc: pg_stat_statements is not installed here, and this counts
 * every statement of every session, the relays' lock sessions too.
 */
final class PostgresCpu {

    private final DataSource dataSource;
    private final Map<Long, Long> before;

    private PostgresCpu(DataSource dataSource) throws SQLException {
        this.dataSource = dataSource;
        this.before = backendTicks(dataSource);
    }

    /** Starts counting now. */
    static PostgresCpu start(DataSource dataSource) throws SQLException {
        return new PostgresCpu(dataSource);
    }

    /** CPU milliseconds of the backends since {@link #start}; a backend started meanwhile counts whole. */
    double ms() throws SQLException {
        long ticks = 0;
        for (var pid : backendTicks(dataSource).entrySet()) {
            ticks += pid.getValue() - before.getOrDefault(pid.getKey(), 0L);
        }
        return ticks * 10.0; // USER_HZ is 100 on Linux
    }

    /** utime + stime (clock ticks) of every backend connected to the benchmark database. */
    private static Map<Long, Long> backendTicks(DataSource dataSource) throws SQLException {
        Map<Long, Long> ticks = new HashMap<>();
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
                ResultSet pids = s.executeQuery("select pid from pg_stat_activity where datname = current_database()")) {
            while (pids.next()) {
                long pid = pids.getLong(1);
                try {
                    String stat = Files.readString(Path.of("/proc", String.valueOf(pid), "stat"));
                    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    ticks.put(pid, Long.parseLong(fields[11]) + Long.parseLong(fields[12])); // fields 14 and 15
                } catch (IOException | RuntimeException gone) {
                    // the backend ended, or PostgreSQL runs elsewhere (no /proc entry): not counted
                }
            }
        }
        return ticks;
    }
}
