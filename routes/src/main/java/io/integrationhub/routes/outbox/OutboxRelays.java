package io.integrationhub.routes.outbox;

import java.util.List;

import org.springframework.context.SmartLifecycle;

/**
 * Starts the relays with the application and stops them before Camel stops (higher phase than Camel's
 * SpringCamelContext), so no batch is cut off by routes shutting down underneath it.
 */
public class OutboxRelays implements SmartLifecycle {

    private final List<OutboxRelay> relays;
    private final boolean enabled;
    private volatile boolean running;

    OutboxRelays(List<OutboxRelay> relays, boolean enabled) {
        this.relays = relays;
        this.enabled = enabled;
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
