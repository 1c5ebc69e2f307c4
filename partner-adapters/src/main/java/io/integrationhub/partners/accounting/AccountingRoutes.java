package io.integrationhub.partners.accounting;

import java.util.ArrayList;
import java.util.List;

import org.apache.camel.Exchange;
import org.apache.camel.ExchangePattern;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.model.CircuitBreakerDefinition;
import org.apache.camel.model.RouteDefinition;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

import io.integrationhub.partners.legacy.LegacyProperties;
import io.integrationhub.routes.legacy.CircuitBreakers;
import io.integrationhub.routes.legacy.LegacyCalls;
import io.integrationhub.routes.messaging.Envelope;
import io.integrationhub.routes.templates.HandlerErrors;
import io.integrationhub.routes.templates.HubRouteTemplates;

/**
 * accounting.commands and the legacy accounting call.
 *
 * <p>{@code legacy-accounting-authorize}: the Circuit Breaker EIP (Resilience4j: timeout, bulkhead, failure-rate and
 * slow-call thresholds, open state, half-open probes — numbers in partner-adapters.yml) around a fail-over load
 * balancer over the legacy instances. A refused, slow (timed out), failing (5xx) or short-circuited call is an
 * exception for the caller.
 *
 * <p>{@code accounting-commands} (template {@code hub-command-handler}, handler {@code accounting-command}):
 * AuthorizeCard, ReverseAuthorization, ReviseAuthorization; while the legacy system is unavailable the command is deferred: put
 * back on accounting.commands with a scheduled delivery ({@code _AMQ_SCHED_DELIVERY}) and the time of its first
 * attempt, this attempt's database work rolled back (so its messageId is not yet recorded), the message acknowledged.
 */
@Component
public class AccountingRoutes extends RouteBuilder {

    static final String LEGACY = "direct:legacy-accounting";
    static final String FIRST_ATTEMPT = "hubFirstAttemptAt";
    private static final org.slf4j.Logger deferrals = org.slf4j.LoggerFactory.getLogger(AccountingRoutes.class);
    static final String BREAKER = "legacy-accounting-breaker";

    private final AccountingService accounting;
    private final Environment settings;
    private final List<String> instances;
    private final CircuitBreakers breakers;
    private final Deferrals deferralRecords;

    public AccountingRoutes(AccountingService accounting, Environment settings,
            LegacyProperties legacy, CircuitBreakers breakers, Deferrals deferrals) {
        this.accounting = accounting;
        this.deferralRecords = deferrals;
        this.breakers = breakers;
        this.settings = settings;
        List<String> configured = settings.getProperty("hub.partner-adapters.accounting.legacy-instances",
                List.class, List.of());
        List<String> derived = new ArrayList<>();
        for (Integer port : legacy.getAccountingPorts()) {
            derived.add("http://127.0.0.1:" + port + "/legacy/accounting");
        }
        this.instances = configured.isEmpty() ? derived : configured;
    }


    @Override
    public void configure() {
        templatedRoute(HubRouteTemplates.COMMAND_HANDLER).routeId("accounting-commands")
                .parameter("channel", "{{hub.channels.accounting-commands}}")
                .parameter("schema", "accounting")
                .parameter("jmsComponent", "{{hub.partner-adapters.jms-component}}")
                .parameter("messageTypes", String.join(",", AccountingMessages.COMMANDS))
                .parameter("concurrentConsumers", "{{hub.partner-adapters.concurrent-consumers}}")
                .parameter("handler", "direct:accounting-command");

        from("direct:accounting-command").routeId("accounting-command").routeConfigurationId(HandlerErrors.ID)
                .description("AuthorizeCard, ReverseAuthorization, ReviseAuthorization through the legacy accounting API; "
                        + "deferred while it is unavailable")
                .doTry().id("try-legacy-accounting")
                    .choice().id("by-message-type")
                        .when(header("messageType").isEqualTo(AccountingMessages.AUTHORIZE_CARD))
                            .process(e -> accounting.authorize(Envelope.of(e.getMessage()),
                                    e.getMessage().getBody(String.class), e.getMessage().getHeader(FIRST_ATTEMPT, Long.class)))
                            .id("authorize-card")
                        .when(header("messageType").isEqualTo(AccountingMessages.REVERSE_AUTHORIZATION))
                            .process(e -> accounting.reverse(Envelope.of(e.getMessage()),
                                    e.getMessage().getBody(String.class), e.getMessage().getHeader(FIRST_ATTEMPT, Long.class)))
                            .id("reverse-authorization")
                        .otherwise()
                            .process(e -> accounting.revise(Envelope.of(e.getMessage()),
                                    e.getMessage().getBody(String.class), e.getMessage().getHeader(FIRST_ATTEMPT, Long.class)))
                            .id("revise-authorization")
                    .end().endDoTry()
                .doCatch(DeferCommand.class).id("when-deferred")
                    // put back for later; this attempt's database work (its messageId included) is rolled back while
                    // the JMS session commits: the message now lives as the rescheduled copy
                    .process(deferralRecords::record).id("record-deferral")
                    .process(AccountingRoutes::reschedule).id("reschedule")
                    .to("{{hub.partner-adapters.jms-component}}:queue:{{hub.channels.accounting-commands}}?preserveMessageQos=true")
                            .id("defer-command")
                    .markRollbackOnlyLast().id("roll-back-attempt")
                .end();

        RouteDefinition legacyRoute = from(LEGACY).routeId("legacy-accounting")
                .description("The legacy accounting API behind a circuit breaker, with fail-over")
                // method and path come from the caller; nothing else of the caller's message goes out
                .setProperty("legacyMethod", header("legacyMethod")).id("accounting-keep-method")
                .setProperty("legacyPath", header("legacyPath")).id("accounting-keep-path")
                .removeHeaders("*").id("accounting-drop-caller-headers");
        CircuitBreakerDefinition breaker = LegacyCalls.breaker(legacyRoute, BREAKER, settings,
                "hub.partner-adapters.accounting.breaker");
        breaker.setHeader(Exchange.HTTP_METHOD, exchangeProperty("legacyMethod")).id("accounting-set-http-method")
                .setHeader(Exchange.HTTP_PATH, exchangeProperty("legacyPath")).id("accounting-set-http-path")
                .setHeader(Exchange.CONTENT_TYPE, constant("application/json")).id("accounting-set-content-type");
        LegacyCalls.failover(breaker, instances, "legacy-accounting-");
        breaker.process(e -> {
            // 5xx is a failure (counted by the breaker); 2xx and 4xx are answers the caller interprets
            int status = e.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE, 0, Integer.class);
            if (status < 200 || status >= 500) {
                throw new LegacyUnavailableException("legacy accounting answered " + status, null);
            }
        }).id("check-legacy-status");
        // open circuit, timeout, bulkhead full or failure: no answer without the network here, so the caller defers
        LegacyCalls.fallback(breaker, e -> {
                String reason = breakers.fallbackReason(BREAKER, e);
                log.debug("Legacy accounting call not made or failed ({}); the command will be deferred", reason);
                throw new LegacyUnavailableException(reason, e.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class));
            }, "defer-on-fallback").end();
    }

    private static void reschedule(Exchange exchange) {
        DeferCommand defer = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, DeferCommand.class);
        long delay = exchange.getContext().getPropertiesComponent()
                .resolveProperty("hub.partner-adapters.accounting.retry-delay-ms").map(Long::parseLong).orElse(1000L);
        exchange.setPattern(ExchangePattern.InOnly);
        // the first deferral of a command is worth a WARN; its retries every few seconds are not (the breaker logs
        // its state changes, and hub_circuit_breaker_fallbacks counts every call it answered)
        boolean first = exchange.getMessage().getHeader(FIRST_ATTEMPT) == null;
        String line = "Deferred {} for order {}, retrying every {} ms until its deadline: {}";
        Object[] arguments = {exchange.getMessage().getHeader("messageType"),
                exchange.getMessage().getHeader("aggregateId"), delay, defer.getMessage()};
        if (first) {
            deferrals.warn(line, arguments);
        } else {
            deferrals.debug(line, arguments);
        }
        exchange.getMessage().setHeader(FIRST_ATTEMPT, defer.firstAttemptAt());
        exchange.getMessage().setHeader("_AMQ_SCHED_DELIVERY", System.currentTimeMillis() + delay);
    }
}
