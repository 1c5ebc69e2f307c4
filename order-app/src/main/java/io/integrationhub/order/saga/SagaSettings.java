package io.integrationhub.order.saga;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code hub.order-app.saga.*}: how long a step may wait for its replies, how often it is re-sent before the saga
 * gives up, and per-step overrides of the forward command ({@code steps.<step name>.deadline / retries}). A
 * compensation always has the defaults: a step that must not be re-sent (its participant retries by itself) may still
 * need its undo retried.
 */
@ConfigurationProperties("hub.order-app.saga")
public class SagaSettings {

    /** A step without all its replies by then is re-sent (up to {@link #retries} times), then the saga gives up. */
    private Duration deadline = Duration.ofSeconds(30);
    private int retries = 2;
    /** After a compensation answered Failure: wait this long before sending it again. */
    private Duration retryDelay = Duration.ofSeconds(5);
    /** How often active sagas are checked for a passed deadline. */
    private Duration scanInterval = Duration.ofSeconds(1);
    /** At most this many sagas handled per scan (each in the scan's transaction, rows locked SKIP LOCKED). */
    private int scanBatch = 100;
    private Map<String, Step> steps = new LinkedHashMap<>();

    public static class Step {
        private Duration deadline;
        private Integer retries;

        public Duration getDeadline() { return deadline; }
        public void setDeadline(Duration deadline) { this.deadline = deadline; }
        public Integer getRetries() { return retries; }
        public void setRetries(Integer retries) { this.retries = retries; }
    }

    Duration deadline(String step, boolean compensation) {
        Step override = compensation ? null : steps.get(step);
        return override != null && override.deadline != null ? override.deadline : deadline;
    }

    /** Sends of a step (or its compensation) before the saga gives up on it: the first one plus its retries. */
    int maxAttempts(String step, boolean compensation) {
        Step override = compensation ? null : steps.get(step);
        return 1 + (override != null && override.retries != null ? override.retries : retries);
    }

    public Duration getDeadline() { return deadline; }
    public void setDeadline(Duration deadline) { this.deadline = deadline; }
    public int getRetries() { return retries; }
    public void setRetries(int retries) { this.retries = retries; }
    public Duration getRetryDelay() { return retryDelay; }
    public void setRetryDelay(Duration retryDelay) { this.retryDelay = retryDelay; }
    public Duration getScanInterval() { return scanInterval; }
    public void setScanInterval(Duration scanInterval) { this.scanInterval = scanInterval; }
    public int getScanBatch() { return scanBatch; }
    public void setScanBatch(int scanBatch) { this.scanBatch = scanBatch; }
    public Map<String, Step> getSteps() { return steps; }
    public void setSteps(Map<String, Step> steps) { this.steps = steps; }
}
