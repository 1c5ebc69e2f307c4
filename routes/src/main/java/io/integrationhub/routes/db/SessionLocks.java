package io.integrationhub.routes.db;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * PostgreSQL session-level advisory locks, the hub's one way to have a single active instance (outbox relays, the
 * delivery-quote aggregator): the lock lives as long as the session that took it, so a process that dies frees it.
 * Take it on an unpooled connection of its own and close that connection to give it up.
 */
public final class SessionLocks {

    private SessionLocks() {
    }

    /** {@code pg_try_advisory_lock(key)} on this session: true when it holds the lock now, never waits. */
    public static boolean tryLock(Connection session, long key) throws SQLException {
        try (PreparedStatement lock = session.prepareStatement("select pg_try_advisory_lock(?)")) {
            lock.setLong(1, key);
            try (ResultSet rs = lock.executeQuery()) {
                return rs.next() && rs.getBoolean(1);
            }
        }
    }

    /** Ends the session, and with it every lock it held; a session already gone is fine. */
    public static void release(Connection session) {
        if (session != null) {
            try {
                session.close();
            } catch (SQLException ignored) {
                // the session is gone either way
            }
        }
    }
}
