package io.integrationhub.routes.outbox;

import java.util.List;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Starts the relays with the application and stops them before Camel stops (higher phase than Camel's
 * SpringCamelContext), so no batch is cut off by routes shutting down underneath it.
 */
public class OutboxRelays implements SmartLifecycle, DisposableBean {

    private final List<OutboxRelay> relays;
    private final boolean enabled;
    /** Where the log-tailing relays' slots are dropped when the context closes, or null to keep them. */
    private final JdbcTemplate dropSlots;
    private volatile boolean running;

    OutboxRelays(List<OutboxRelay> relays, boolean enabled) {
        this(relays, enabled, null);
    }

    OutboxRelays(List<OutboxRelay> relays, boolean enabled, JdbcTemplate dropSlots) {
        this.relays = relays;
        this.enabled = enabled;
        this.dropSlots = dropSlots;
    }

    /**
     * After the relays stopped (lifecycle stop comes before destroy), with {@code hub.outbox.log-tailing
     * .drop-slot-on-close}: a test's slot must not pin the shared server's WAL after the test.
     */
    @Override
    public void destroy() {
        if (dropSlots != null) {
            relays.stream().map(OutboxRelay::logTailing).filter(java.util.Objects::nonNull)
                    .forEach(tailing -> tailing.dropSlot(dropSlots));
        }
    }

    public List<OutboxRelay> relays() {
        return relays;
    }

    public OutboxRelay relay(String schema) {
        return relays.stream().filter(r -> r.schema().equals(schema)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no outbox " + schema));
    }

    @Override
    public void start() {
        if (enabled) {
            relays.forEach(OutboxRelay::start);
        }
        running = true;
    }

    @Override
    public void stop() {
        relays.forEach(OutboxRelay::stop);
        running = false;
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        return Integer.MAX_VALUE - 1000;
    }
}
