package io.integrationhub.order.saga;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import org.springframework.stereotype.Component;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * The sagas' meters: {@code hub.sagas{type,state}} and {@code hub.sagas.overdue{type}} (active sagas past their
 * deadline; refreshed by every deadline scan), {@code hub.saga.step.duration{saga,step,direction,outcome}} (command
 * sent → reply applied, a histogram), {@code hub.saga.replies.ignored{saga,reason}} (late or repeated replies,
 * acknowledged and applied to nothing), {@code hub.saga.step.resends} and {@code hub.saga.step.timeouts}.
 */
@Component
class SagaMetrics {

    private final MeterRegistry meters;
    private final Map<String, AtomicLong> gauges = new ConcurrentHashMap<>();

    SagaMetrics(MeterRegistry meters) {
        this.meters = meters;
    }

    /** Registers every gauge and counter of a saga type at 0, so dashboards and alerts see them before any event. */
    void register(SagaDefinition<?> definition) {
        String type = definition.type();
        for (SagaState state : SagaState.values()) {
            gauge("hub.sagas", type, state.name());
        }
        gauge("hub.sagas.overdue", type, null);
        for (String reason : new String[] { "late", "repeated" }) {
            ignoredCounter(type, reason);
        }
        for (SagaDefinition.Step<?> step : definition.steps()) {
            resends(type, step.name());
            timeouts(type, step.name());
            for (boolean success : new boolean[] { true, false }) {
                stepTimer(type, step.name(), SagaStepRecord.FORWARD, success);
                if (step.compensation() != null) {
                    stepTimer(type, step.name(), SagaStepRecord.COMPENSATION, success);
                }
            }
        }
    }

    void refresh(String type, SagaState state, long sagas) {
        gauge("hub.sagas", type, state.name()).set(sagas);
    }

    void refreshOverdue(String type, long overdue) {
        gauge("hub.sagas.overdue", type, null).set(overdue);
    }

    void stepAnswered(String type, String step, String direction, boolean success, Duration took) {
        stepTimer(type, step, direction, success).record(took.isNegative() ? Duration.ZERO : took);
    }

    private Timer stepTimer(String type, String step, String direction, boolean success) {
        return Timer.builder("hub.saga.step.duration").description("Saga step: command sent until its reply was applied")
                .tags("saga", type, "step", step, "direction", direction.toLowerCase(), "outcome",
                        success ? "succeeded" : "failed")
                .publishPercentileHistogram().register(meters);
    }

    void ignoredReply(String type, String reason) {
        ignoredCounter(type, reason).increment();
    }

    void resent(String type, String step) {
        resends(type, step).increment();
    }

    void timedOut(String type, String step) {
        timeouts(type, step).increment();
    }

    private Counter ignoredCounter(String type, String reason) {
        return Counter.builder("hub.saga.replies.ignored")
                .description("Replies acknowledged and applied to nothing: late (after the saga stopped waiting) or "
                        + "repeated").tags("saga", type, "reason", reason).register(meters);
    }

    private Counter resends(String type, String step) {
        return Counter.builder("hub.saga.step.resends").description("Commands sent again after a step deadline")
                .tags("saga", type, "step", step).register(meters);
    }

    private Counter timeouts(String type, String step) {
        return Counter.builder("hub.saga.step.timeouts")
                .description("Steps given up after their last deadline (the saga compensates or fails)")
                .tags("saga", type, "step", step).register(meters);
    }

    private AtomicLong gauge(String name, String type, String state) {
        return gauges.computeIfAbsent(name + "|" + type + "|" + state, key -> {
            AtomicLong value = new AtomicLong();
            Gauge.Builder<AtomicLong> builder = Gauge.builder(name, value, AtomicLong::get).tag("type", type);
            if (state != null) {
                builder.tag("state", state);
            }
            builder.description(state != null ? "Sagas by type and state" : "Active sagas past their step deadline")
                    .register(meters);
            return value;
        });
    }
}
