package io.integrationhub.routes.outbox;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;

/** {@code hub.outbox.*}: how every outbox relay of this process behaves. */
@ConfigurationProperties("hub.outbox")
public class OutboxProperties {

    /** How committed rows reach the broker; both send the same messages to the same destinations. */
    public enum Relay {
        /** SQL polling, woken up by NOTIFY at commit ({@link OutboxRelay}). */
        POLLING,
        /** Debezium reads the inserts from PostgreSQL's logical replication ({@link OutboxLogTailing}). */
        LOG_TAILING
    }

    /** {@code polling} or {@code log-tailing}: the relay of every outbox not named in {@link #relayFor}. */
    private Relay relay = Relay.POLLING;
    /** Per outbox (schema name) override of {@link #relay}, e.g. {@code hub.outbox.relay-for.orders: log-tailing}. */
    private Map<String, Relay> relayFor = new HashMap<>();
    private final LogTailing logTailing = new LogTailing();

    /** {@code hub.outbox.log-tailing.*}: the Debezium relay. */
    public static class LogTailing {
        /**
         * How often Debezium stores its offset (in PostgreSQL). A crash re-sends at most what was relayed since;
         * consumers skip those by messageId.
         */
        private Duration offsetFlushInterval = Duration.ofSeconds(1);
        /**
         * Debezium confirms the WAL position to PostgreSQL this often even when no outbox row is written, so WAL
         * written by other tables is not retained by the slot.
         */
        private Duration heartbeatInterval = Duration.ofSeconds(10);
        /**
         * Drop the replication slot when the application context closes (tests; never in production: the slot is
         * where the relay resumes).
         */
        private boolean dropSlotOnClose;
        /** Where Debezium keeps its offsets: in the database (a table per outbox), never in a local file. */
        private String offsetStore = "io.debezium.storage.jdbc.offset.JdbcOffsetBackingStore";

        public Duration getOffsetFlushInterval() { return offsetFlushInterval; }
        public void setOffsetFlushInterval(Duration offsetFlushInterval) { this.offsetFlushInterval = offsetFlushInterval; }
        public Duration getHeartbeatInterval() { return heartbeatInterval; }
        public void setHeartbeatInterval(Duration heartbeatInterval) { this.heartbeatInterval = heartbeatInterval; }
        public String getOffsetStore() { return offsetStore; }
        public void setOffsetStore(String offsetStore) { this.offsetStore = offsetStore; }
        public boolean isDropSlotOnClose() { return dropSlotOnClose; }
        public void setDropSlotOnClose(boolean dropSlotOnClose) { this.dropSlotOnClose = dropSlotOnClose; }
    }

    /** The relay of one outbox. */
    public Relay relayOf(String schema) {
        return relayFor.getOrDefault(schema, relay);
    }

    public Relay getRelay() { return relay; }
    public void setRelay(Relay relay) { this.relay = relay; }
    public Map<String, Relay> getRelayFor() { return relayFor; }
    public void setRelayFor(Map<String, Relay> relayFor) { this.relayFor = relayFor; }
    public LogTailing getLogTailing() { return logTailing; }

    /** Run the relays (off only for tools that must not publish, e.g. a benchmark's baseline). */
    private boolean relayEnabled = true;
    /**
     * Rows per broker transaction, with either relay: the polling relay claims this many; the log-tailing relay lets
     * Debezium hand over at most this many change events per batch.
     */
    private int batchSize = 100;
    /**
     * Safety-net poll: the relay normally wakes up on NOTIFY at commit; this bounds the delay if a notification is
     * lost (e.g. the listening connection was being replaced), without hammering the database.
     */
    private Duration pollInterval = Duration.ofSeconds(5);
    /**
     * How long the polling relay leaves rows the broker committed unmarked, to mark the small batches of that time
     * with one statement instead of one commit each ({@link SentRows}); never more than a batch of rows, so a crash
     * still re-sends at most a batch. 0 marks each batch right after its broker commit.
     */
    private Duration markDelay = Duration.ofMillis(100);
    /** How often a standby instance tries to take over the relay (the active one holds an advisory lock). */
    private Duration standbyRetry = Duration.ofSeconds(2);
    /** Longest pause between retries while the broker refuses a batch. */
    private Duration maxBackoff = Duration.ofSeconds(10);
    /** Published rows are kept this long (for operators), then deleted. */
    private Duration retention = Duration.ofHours(1);
    private Duration cleanupInterval = Duration.ofMinutes(1);
    private int cleanupBatchSize = 1000;
    /**
     * Stored in {@code outbox.published_by} of every row this process relays, so an operator sees which instance
     * published it (the message journey); default host name and process id.
     */
    private String relayInstance = defaultRelayInstance();

    private static String defaultRelayInstance() {
        String host;
        try {
            host = java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.io.IOException unknown) {
            host = "unknown-host";
        }
        return host + "/" + ProcessHandle.current().pid();
    }

    public boolean isRelayEnabled() { return relayEnabled; }
    public void setRelayEnabled(boolean relayEnabled) { this.relayEnabled = relayEnabled; }
    public int getBatchSize() { return batchSize; }
    public void setBatchSize(int batchSize) { this.batchSize = batchSize; }
    public Duration getPollInterval() { return pollInterval; }
    public void setPollInterval(Duration pollInterval) { this.pollInterval = pollInterval; }
    public Duration getMarkDelay() { return markDelay; }
    public void setMarkDelay(Duration markDelay) { this.markDelay = markDelay; }
    public Duration getStandbyRetry() { return standbyRetry; }
    public void setStandbyRetry(Duration standbyRetry) { this.standbyRetry = standbyRetry; }
    public Duration getMaxBackoff() { return maxBackoff; }
    public void setMaxBackoff(Duration maxBackoff) { this.maxBackoff = maxBackoff; }
    public Duration getRetention() { return retention; }
    public void setRetention(Duration retention) { this.retention = retention; }
    public Duration getCleanupInterval() { return cleanupInterval; }
    public void setCleanupInterval(Duration cleanupInterval) { this.cleanupInterval = cleanupInterval; }
    public int getCleanupBatchSize() { return cleanupBatchSize; }
    public void setCleanupBatchSize(int cleanupBatchSize) { this.cleanupBatchSize = cleanupBatchSize; }
    public String getRelayInstance() { return relayInstance; }
    public void setRelayInstance(String relayInstance) { this.relayInstance = relayInstance; }
}
