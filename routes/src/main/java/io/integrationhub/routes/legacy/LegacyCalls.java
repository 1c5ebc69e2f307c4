package io.integrationhub.routes.legacy;

import java.util.List;

import org.apache.camel.Processor;
import org.apache.camel.model.CircuitBreakerDefinition;
import org.apache.camel.model.LoadBalanceDefinition;
import org.apache.camel.model.ProcessorDefinition;
import org.springframework.core.env.PropertyResolver;

/**
 * The shape every call to a legacy REST system takes: the Circuit Breaker EIP with Resilience4j, its numbers read
 * from one configuration prefix, around a fail-over load balancer over the configured instances.
 */
public final class LegacyCalls {

    /**
     * Camel-registry name of the pool the breakers' time limiters run the calls on ({@link CircuitBreakerConfiguration}
     * binds it). Without one, Camel's Resilience4j processor uses {@code CompletableFuture.supplyAsync} on the common
     * fork-join pool, and on a machine with 2 cores that pool has parallelism 1, so the JDK starts a new thread for
     * every call: 1,402 threads in a 5-minute run of {@code benchmarks/run.sh validation} (JFR, jdk.ThreadStart).
     */
    public static final String CALL_EXECUTOR = "hubLegacyCallExecutor";

    private LegacyCalls() {
    }

    /**
     * A circuit breaker configured from {@code <prefix>.timeout-ms, max-concurrent-calls, failure-rate-threshold,
     * slow-call-seconds, slow-call-rate-threshold, sliding-window, minimum-calls, open-seconds, half-open-calls}.
     */
    public static CircuitBreakerDefinition breaker(ProcessorDefinition<?> route, String id, PropertyResolver settings,
            String prefix) {
        return route.circuitBreaker().id(id)
                .resilience4jConfiguration()
                    .timeoutEnabled(true)
                    .timeoutDuration(setting(settings, prefix, "timeout-ms"))
                    .timeoutExecutorService(CALL_EXECUTOR)
                    .bulkheadEnabled(true)
                    .bulkheadMaxConcurrentCalls(setting(settings, prefix, "max-concurrent-calls"))
                    .failureRateThreshold(setting(settings, prefix, "failure-rate-threshold"))
                    .slowCallDurationThreshold(setting(settings, prefix, "slow-call-seconds"))
                    .slowCallRateThreshold(setting(settings, prefix, "slow-call-rate-threshold"))
                    .minimumNumberOfCalls(setting(settings, prefix, "minimum-calls"))
                    .slidingWindowSize(setting(settings, prefix, "sliding-window"))
                    .waitDurationInOpenState(setting(settings, prefix, "open-seconds"))
                    .permittedNumberOfCallsInHalfOpenState(setting(settings, prefix, "half-open-calls"))
                    .automaticTransitionFromOpenToHalfOpenEnabled(true)
                    // a full bulkhead counts as a failed call: calls pile up because the legacy system is slow.
                    // (Camel's ignoreException would also skip the fallback, and so answer nothing.)
                    // resilience4j_circuitbreaker_* and resilience4j_bulkhead_* meters (state, calls by outcome)
                    .micrometerEnabled(true)
                .end();
    }

    /**
     * Sends to the instances in turn, moving to the next one when an instance cannot be reached (HTTP status codes
     * are answers, not fail-over reasons: {@code throwExceptionOnFailure=false}).
     */
    public static void failover(CircuitBreakerDefinition breaker, List<String> instances, String idPrefix) {
        LoadBalanceDefinition balance = breaker.loadBalance().id(idPrefix + "failover")
                .failover(instances.size() - 1, false, true);
        for (int i = 0; i < instances.size(); i++) {
            balance.to(instances.get(i) + "?throwExceptionOnFailure=false&connectTimeout=500").id(idPrefix + i);
        }
        balance.end();
    }

    /**
     * Adds the breaker's fallback step with an id. (The DSL's {@code id()} after {@code onFallback().process(…)} names
     * the breaker's last step, not the fallback's: the fallback would show a generated id in the route diagram.)
     */
    public static CircuitBreakerDefinition fallback(CircuitBreakerDefinition breaker, Processor step, String id) {
        breaker.onFallback().process(step);
        List<ProcessorDefinition<?>> steps = breaker.getOnFallback().getOutputs();
        steps.get(steps.size() - 1).setId(id);
        return breaker;
    }

    private static int setting(PropertyResolver settings, String prefix, String key) {
        return settings.getRequiredProperty(prefix + "." + key, Integer.class);
    }
}
