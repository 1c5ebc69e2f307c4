package io.integrationhub.order.saga;

import org.apache.camel.builder.RouteBuilder;
import org.springframework.stereotype.Component;

/**
 * Step deadlines: a timer on every instance; the sagas due are locked with SKIP LOCKED, so instances share them and
 * none is handled twice. Deadlines are rows: a restart loses none. The gauges of {@link SagaMetrics} are refreshed on
 * their own, slower timer (a count over all sagas).
 */
@Component
public class SagaDeadlinesRoute extends RouteBuilder {

    private final SagaOrchestrator sagas;

    public SagaDeadlinesRoute(SagaOrchestrator sagas) {
        this.sagas = sagas;
    }

    @Override
    public void configure() {
        from("timer:saga-deadlines?delay={{hub.order-app.saga.scan-interval}}"
                + "&period={{hub.order-app.saga.scan-interval}}")
                .routeId("saga-deadlines")
                .description("Sagas past a step deadline: re-send the step, or give up on it (compensate / FAILED)")
                .process(e -> e.getMessage().setBody(sagas.handleDeadlines())).id("handle-deadlines")
                .filter(body().isGreaterThan(0)).id("if-any-handled")
                    .log("${body} saga(s) past a step deadline handled").id("log-handled");

        from("timer:saga-gauges?delay=1000&period={{hub.order-app.saga.gauge-interval}}")
                .routeId("saga-gauges")
                .description("Refreshes hub.sagas{type,state} and hub.sagas.overdue{type}")
                .process(e -> sagas.refreshGauges()).id("refresh-gauges");
    }
}
