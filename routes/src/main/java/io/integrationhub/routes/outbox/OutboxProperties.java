package io.integrationhub.routes.outbox;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/** {@code hub.outbox.*}: how every outbox relay of this process behaves. */
@ConfigurationProperties("hub.outbox")
public class OutboxProperties {

    /** Run the relays (off only for tools that must not publish, e.g. a benchmark's baseline). */
    private boolean relayEnabled = true;
    /** Rows claimed and sent per broker transaction. */
    private int batchSize = 100;
    /**
     * Safety-net poll: the relay normally wakes up on NOTIFY at commit; this bounds the delay if a notification is
     * lost (e.g. the listening connection was being replaced), without hammering the database.
     */
    private Duration pollInterval = Duration.ofSeconds(5);
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
