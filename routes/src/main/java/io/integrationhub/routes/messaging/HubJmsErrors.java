package io.integrationhub.routes.messaging;

import java.time.Instant;

import jakarta.jms.Destination;
import jakarta.jms.JMSException;
import jakarta.jms.Queue;
import jakarta.jms.Topic;

import org.apache.camel.Exchange;
import org.apache.camel.LoggingLevel;
import org.apache.camel.builder.RouteConfigurationBuilder;
import org.apache.camel.component.jms.JmsEndpoint;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.core.JsonProcessingException;

import io.micrometer.core.instrument.MeterRegistry;

/**
 * Route configuration {@code hub-jms} for every route that consumes a channel (DESIGN.md §5 rules 5–6):
 * <ul>
 * <li>poison (unparseable JSON, unknown messageType, unsupported major version, a body of a kind or encoding the
 * route cannot read): dead-lettered at once;</li>
 * <li>any other failure: rolled back and redelivered by the broker with backoff; on the last allowed delivery it is
 * dead-lettered by us instead, so the dead letter carries the reason (a non-transacted consumer gets no redelivery:
 * dead-lettered on its first failure).</li>
 * </ul>
 * Dead letters go to {@code DLQ.<channel>} with the original envelope and {@code hubDeadLetterReason},
 * {@code hubDeadLetterRoute}, {@code hubDeadLetterAt}. The route's database transaction is rolled back (nothing of a
 * failed message is kept) while the JMS message is acknowledged: it now lives in the dead-letter queue. Either way the
 * message leaves its queue, so nothing behind it — in its message group included — stays blocked.
 *
 * <p>The log says it in one line per event, at WARN, without a stack trace: "Dead-lettered &lt;messageType&gt;
 * &lt;messageId&gt; from &lt;channel&gt; to DLQ.&lt;channel&gt;: &lt;reason&gt;", and for a delivery the broker will
 * repeat "Delivery &lt;n&gt; of … failed; rolled back for the broker to redeliver: &lt;reason&gt;".
 */
public class HubJmsErrors extends RouteConfigurationBuilder {

    private static final Logger log = LoggerFactory.getLogger(HubJmsErrors.class);

    public static final String ID = "hub-jms";
    public static final String REASON = "hubDeadLetterReason";
    /**
     * Exchange property: the Camel JMS component (by name) of the service that consumed the message, so its dead
     * letter is sent with that service's broker user. Route templates set it from their {@code jmsComponent}
     * parameter; when unset, the component the route consumes from is used (the scheme of its from-endpoint).
     */
    public static final String JMS_COMPONENT = "hubJmsComponent";
    /**
     * Exchange property: the body as it was received, set by the route templates before the handler runs. A handler
     * that failed may have replaced the body (a YAML handler's unmarshal to a Map): the dead letter must carry what
     * was received, or its replay sends something else (a NotifyConsumer dead-lettered after its insert failed was
     * replayed with an empty body and dead-lettered again: "No content to map").
     */
    public static final String RECEIVED_BODY = "hubReceivedBody";
    static final String DEFAULT_JMS_COMPONENT = "jms";
    /** Exchange property: the {@link FailureListener} of the consuming route, if it has one. */
    public static final String FAILURE_LISTENER = "hubFailureListener";
    private static final String DEAD_LETTERS = "${exchangeProperty." + JMS_COMPONENT
            + "}:queue:DLQ.${header.hubDeadLetterChannel}";

    private final int maxDeliveryAttempts;
    private final MeterRegistry meters;
    private final String transactionPolicy;

    /** @param transactionPolicy registry name of the database transaction policy the consuming routes run in */
    public HubJmsErrors(int maxDeliveryAttempts, MeterRegistry meters, String transactionPolicy) {
        this.maxDeliveryAttempts = maxDeliveryAttempts;
        this.meters = meters;
        this.transactionPolicy = transactionPolicy;
    }

    @Override
    public void configuration() {
        routeConfiguration(ID).errorHandler(oneLinePerFailure())
                .onException(PoisonMessageException.class, JsonProcessingException.class).id("on-poison").handled(true)
                    .process(HubJmsErrors::describe).id("describe-poison")
                    .process(e -> count(e, "hub.messages.dead-lettered", "poison")).id("count-poison")
                    .toD(DEAD_LETTERS).id("to-dead-letters")
                    .process(HubJmsErrors::logDeadLetter).id("log-poison")
                    .markRollbackOnlyLast().id("roll-back-poison")
                .end()
                // a body no retry can make readable: a Java object of a class this JVM lacks, a JMS stream or map
                // where the route expects text, bytes that are no text, … (UnreadableMessages)
                .onException(Exception.class).id("on-unreadable")
                    .onWhen(UnreadableMessages::isUnreadable)
                    .handled(true)
                    .process(HubJmsErrors::describe).id("describe-unreadable")
                    .process(e -> count(e, "hub.messages.dead-lettered", "poison")).id("count-unreadable")
                    .toD(DEAD_LETTERS).id("to-dead-letters-unreadable")
                    .process(HubJmsErrors::logDeadLetter).id("log-unreadable")
                    .markRollbackOnlyLast().id("roll-back-unreadable")
                .end()
                .onException(Exception.class).id("on-last-delivery")
                    .onWhen(this::isLastDelivery)
                    .handled(true)
                    .process(HubJmsErrors::describe).id("describe-exhausted")
                    .process(e -> count(e, "hub.messages.dead-lettered", "exhausted")).id("count-exhausted")
                    .toD(DEAD_LETTERS).id("to-dead-letters-exhausted")
                    .process(HubJmsErrors::logDeadLetter).id("log-exhausted")
                    .process(e -> tellListener(e, true)).id("tell-dead-lettered-exhausted")
                    .markRollbackOnlyLast().id("roll-back-exhausted")
                .end()
                // any other failure: counted, then rolled back for the broker to redeliver with backoff
                .onException(Exception.class).id("on-failure-redeliver").handled(false)
                    .process(e -> count(e, "hub.messages.redeliveries", "failed")).id("count-redelivery")
                    .process(HubJmsErrors::logRedelivery).id("log-redelivery")
                    .process(e -> tellListener(e, false)).id("tell-redelivering")
                .end();
    }

    /**
     * Tells the route's {@link FailureListener} (exchange property {@value #FAILURE_LISTENER}, set by the route
     * templates: per-aggregate parking) of a failed handling: after the dead letter of the last delivery was sent, or
     * before the rollback for redelivery. Not of poison (a message refused for its form: unreadable, unknown type or
     * version): no fix of the consumer's state makes it processable, and a poison message never holds up the messages
     * of its group (DESIGN.md §5 rule 5, ExactlyOnceEffectsTest).
     */
    private static void tellListener(Exchange exchange, boolean deadLettered) {
        FailureListener listener = exchange.getProperty(FAILURE_LISTENER, FailureListener.class);
        if (listener != null) {
            listener.failed(exchange, deadLettered);
        }
    }

    /**
     * Every failure of a hub-jms route ends in one of the onException clauses below, and each logs one line of its own
     * (dead-lettered: where and why; redelivered: which delivery failed and why). So this error handler does not log
     * them a second time: without these settings a poison message logged Camel's "Rollback … due: …" with the message
     * history and the TransactionErrorHandler's "Transaction rollback …", and every failed delivery a "Failed delivery
     * … Exhausted after delivery attempt: 1" ERROR with a stack trace. It is the transaction error handler of the
     * consuming routes' database transaction ({@code .transacted(...)} takes its settings from here; otherwise Camel
     * makes one with WARN rollback logging); an exception no clause handles cannot occur (the last one takes any).
     */
    private org.apache.camel.builder.SpringTransactionErrorHandlerBuilder oneLinePerFailure() {
        var handler = new org.apache.camel.builder.SpringTransactionErrorHandlerBuilder();
        handler.transactedPolicyRef(transactionPolicy);
        handler.rollbackLoggingLevel(LoggingLevel.DEBUG);
        // the rollback of a dead-lettered message's database work is logged at this level (at most WARN)
        handler.retriesExhaustedLogLevel(LoggingLevel.DEBUG);
        handler.logExhausted(false);
        handler.logStackTrace(false);
        handler.logExhaustedMessageHistory(false);
        return handler;
    }

    /**
     * The last delivery the broker will make: the max-th, or the first when the route's JMS consumer is not
     * transacted — Spring's listener container acknowledges such a message before the route runs (AUTO_ACKNOWLEDGE),
     * so a failure is never redelivered and, not dead-lettered now, the message would be lost without a trace
     * (e.g. a consumer.queries request; its caller has timed out by any redelivery anyway).
     */
    private boolean isLastDelivery(Exchange exchange) {
        if (exchange.getFromEndpoint() instanceof JmsEndpoint jms && !jms.isTransacted()) {
            return true;
        }
        return exchange.getMessage().getHeader("JMSXDeliveryCount", 1, Integer.class) >= maxDeliveryAttempts;
    }

    /** {@code hub.messages.dead-lettered{channel,kind}} and {@code hub.messages.redeliveries{channel}}. */
    private void count(Exchange exchange, String meter, String kind) throws JMSException {
        String channel = channel(exchange.getMessage().getHeader("JMSDestination"));
        if (meter.equals("hub.messages.redeliveries")) {
            meters.counter(meter, "channel", channel).increment();
        } else {
            meters.counter(meter, "channel", channel, "kind", kind).increment();
        }
    }

    /**
     * The one line an operator reads for a dead letter: what, from where, to where, why — after it was sent, so it
     * never claims a dead letter that is not there. One line even when the reason (e.g. a database error) has several.
     */
    static void logDeadLetter(Exchange exchange) {
        var message = exchange.getMessage();
        String channel = message.getHeader("hubDeadLetterChannel", String.class);
        Object deliveries = message.getHeader("hubDeliveryCount");
        log.warn("Dead-lettered {} {} from {} to DLQ.{}: {}{}",
                orElse(message.getHeader("messageType", String.class), "message without messageType"),
                orElse(message.getHeader("messageId", String.class), "(no messageId, JMSMessageID "
                        + message.getHeader("JMSMessageID") + ")"),
                channel, channel, oneLine(message.getHeader(REASON, String.class)),
                deliveries == null ? "" : " (delivery " + deliveries + ")");
    }

    /** One short line per failed delivery the broker will redeliver: which message, which delivery, why. */
    static void logRedelivery(Exchange exchange) throws JMSException {
        var message = exchange.getMessage();
        log.warn("Delivery {} of {} {} from {} failed; rolled back for the broker to redeliver: {}",
                message.getHeader("JMSXDeliveryCount"),
                orElse(message.getHeader("messageType", String.class), "message without messageType"),
                orElse(message.getHeader("messageId", String.class), "(no messageId)"),
                channel(message.getHeader("JMSDestination")),
                oneLine(UnreadableMessages.reason(exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class))));
    }

    private static String orElse(String value, String otherwise) {
        return value == null || value.isBlank() ? otherwise : value;
    }

    private static String oneLine(String text) {
        return text == null ? "unknown reason" : text.replaceAll("\\s*[\\r\\n]+\\s*", " ");
    }

    static void describe(Exchange exchange) throws JMSException {
        Exception cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        var message = exchange.getMessage();
        String channel = channel(message.getHeader("JMSDestination"));
        message.setHeader("hubDeadLetterChannel", channel);
        message.setHeader(REASON, UnreadableMessages.reason(cause));
        Object received = exchange.getProperty(RECEIVED_BODY);
        if (received != null) {
            message.setBody(received);
        }
        UnreadableMessages.keepSendable(message);
        message.setHeader("hubDeadLetterRoute", exchange.getFromRouteId());
        message.setHeader("hubDeadLetterAt", Instant.now().toString());
        message.setHeader("hubOriginalChannel", channel);
        message.setHeader("hubDeliveryCount", message.getHeader("JMSXDeliveryCount"));
        message.removeHeader("JMSReplyTo"); // a dead letter expects no answer; replay restores nothing from it
        if (exchange.getProperty(JMS_COMPONENT, String.class) == null) {
            exchange.setProperty(JMS_COMPONENT, consumingComponent(exchange));
        }
        exchange.setPattern(org.apache.camel.ExchangePattern.InOnly);
    }

    /** The name the route's JMS consumer component is registered under, e.g. "jms" for from("jms:queue:…"). */
    static String consumingComponent(Exchange exchange) {
        if (exchange.getFromEndpoint() instanceof JmsEndpoint jms) {
            String uri = jms.getEndpointUri();
            int colon = uri.indexOf(':');
            if (colon > 0) {
                return uri.substring(0, colon);
            }
        }
        return DEFAULT_JMS_COMPONENT;
    }

    private static String channel(Object destination) throws JMSException {
        if (destination instanceof Queue queue) {
            return queue.getQueueName();
        }
        if (destination instanceof Topic topic) {
            return topic.getTopicName();
        }
        if (destination instanceof Destination) {
            return destination.toString();
        }
        return String.valueOf(destination);
    }
}
