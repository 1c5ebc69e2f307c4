package io.integrationhub.order.quotes;

import java.time.Duration;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;

/** {@code hub.order-app.delivery-quotes.*}: which couriers are asked and how long the aggregator waits for them. */
@ConfigurationProperties("hub.order-app.delivery-quotes")
public class DeliveryQuoteSettings {

    /**
     * The couriers expected to answer every request (their courierId). From configuration rather than from the
     * couriers' own registration events: completion must not depend on whether a registration arrived before a request.
     */
    private List<String> couriers = List.of("swift", "thrifty");
    /** A group with answers missing completes this long after its first answer. */
    private Duration timeout = Duration.ofSeconds(30);
    /** How often the timeout checker looks for groups past their timeout. */
    private Duration timeoutCheckInterval = Duration.ofMillis(500);
    /** How often a completed group whose recording failed (or was cut off by a crash) is recorded again. */
    private Duration recoveryInterval = Duration.ofSeconds(5);
    /** How often a standby instance tries to become the active aggregator. */
    private Duration standbyRetry = Duration.ofSeconds(2);

    /** Where groups are kept: {@code jdbc} (PostgreSQL, the default) or {@code memory} (benchmark comparison only). */
    private Repository repository = Repository.JDBC;

    public enum Repository { JDBC, MEMORY }

    public Repository getRepository() { return repository; }
    public void setRepository(Repository repository) { this.repository = repository; }
    public List<String> getCouriers() { return couriers; }
    public void setCouriers(List<String> couriers) { this.couriers = List.copyOf(couriers); }
    public Duration getTimeout() { return timeout; }
    public void setTimeout(Duration timeout) { this.timeout = timeout; }
    public Duration getTimeoutCheckInterval() { return timeoutCheckInterval; }
    public void setTimeoutCheckInterval(Duration v) { this.timeoutCheckInterval = v; }
    public Duration getRecoveryInterval() { return recoveryInterval; }
    public void setRecoveryInterval(Duration recoveryInterval) { this.recoveryInterval = recoveryInterval; }
    public Duration getStandbyRetry() { return standbyRetry; }
    public void setStandbyRetry(Duration standbyRetry) { this.standbyRetry = standbyRetry; }
}
