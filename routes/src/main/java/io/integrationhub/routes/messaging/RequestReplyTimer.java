package io.integrationhub.routes.messaging;

import java.time.Duration;

import org.apache.camel.Exchange;
import org.apache.camel.ExchangePattern;
import org.apache.camel.ExchangeTimedOutException;
import org.apache.camel.component.jms.JmsEndpoint;
import org.apache.camel.spi.CamelEvent;
import org.apache.camel.spi.CamelEvent.ExchangeSentEvent;
import org.apache.camel.support.EventNotifierSupport;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * {@code hub.request.reply.duration{channel,outcome}}: how long a synchronous JMS request/reply took, from the send of
 * the request until its reply arrived ({@code answered}), the request timeout fired ({@code timeout}) or the call
 * failed otherwise ({@code error}) — e.g. {@code GET /api/v1/consumers/{id}}'s GetConsumer on consumer.queries.
 *
 * <p>Measured by Camel itself: an {@link ExchangeSentEvent} carries the time the JMS producer took, which for an
 * InOut exchange includes the wait for the reply. A percentile histogram with SLO buckets, so the dashboard's p99 and
 * an SLO query work across instances. Every other JMS send (outbox batches, dead letters, deferred commands) is
 * InOnly and not counted here.
 */
public class RequestReplyTimer extends EventNotifierSupport {

    public static final String METER = "hub.request.reply.duration";
    public static final String ANSWERED = "answered";
    public static final String TIMEOUT = "timeout";
    public static final String ERROR = "error";
    static final java.util.List<String> OUTCOMES = java.util.List.of(ANSWERED, TIMEOUT, ERROR);

    private final MeterRegistry meters;

    public RequestReplyTimer(MeterRegistry meters) {
        this.meters = meters;
        setIgnoreCamelContextEvents(true);
        setIgnoreCamelContextInitEvents(true);
        setIgnoreRouteEvents(true);
        setIgnoreServiceEvents(true);
        setIgnoreExchangeCreatedEvent(true);
        setIgnoreExchangeCompletedEvent(true);
        setIgnoreExchangeFailedEvents(true);
        setIgnoreExchangeRedeliveryEvents(true);
        setIgnoreExchangeSendingEvents(true);
        setIgnoreStepEvents(true);
        setIgnoreExchangeAsyncProcessingStartedEvents(true);
    }

    @Override
    public boolean isEnabled(CamelEvent event) {
        return event instanceof ExchangeSentEvent sent && isRequestReply(sent);
    }

    @Override
    public void notify(CamelEvent event) {
        ExchangeSentEvent sent = (ExchangeSentEvent) event;
        JmsEndpoint jms = (JmsEndpoint) sent.getEndpoint();
        timer(meters, jms.getDestinationName(), outcome(sent.getExchange()))
                .record(Duration.ofMillis(Math.max(0, sent.getTimeTaken())));
    }

    /** One timer; the same settings whoever registers it first (MessagingMetersAtZero registers them at start). */
    public static Timer timer(MeterRegistry meters, String channel, String outcome) {
        return Timer.builder(METER).tag("channel", channel).tag("outcome", outcome)
                .description("JMS request/reply: request sent until the reply arrived, the timeout fired or it failed")
                .publishPercentileHistogram()
                .serviceLevelObjectives(Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(25),
                        Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500),
                        Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(5))
                .minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofSeconds(30))
                .register(meters);
    }

    /** A JMS endpoint that waits for a reply: configured InOut (the query routes say so on the endpoint). */
    static boolean isRequestReply(JmsEndpoint endpoint) {
        return endpoint.getExchangePattern() == ExchangePattern.InOut && !endpoint.isDisableReplyTo();
    }

    private static boolean isRequestReply(ExchangeSentEvent sent) {
        return sent.getEndpoint() instanceof JmsEndpoint jms
                && (isRequestReply(jms) || sent.getExchange().getPattern() == ExchangePattern.InOut
                        && !jms.isDisableReplyTo());
    }

    private static String outcome(Exchange exchange) {
        Exception failure = exchange.getException();
        if (failure == null) {
            return ANSWERED;
        }
        return failure instanceof ExchangeTimedOutException ? TIMEOUT : ERROR;
    }
}
