package io.integrationhub.embedded;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;

import org.apache.camel.Exchange;
import org.apache.camel.ExchangePattern;
import org.apache.camel.component.jms.JmsEndpoint;
import org.apache.camel.component.jms.JmsHeaderFilterStrategy;
import org.apache.camel.spi.CamelEvent;
import org.apache.camel.spi.CamelEvent.ExchangeCompletedEvent;
import org.apache.camel.spi.CamelEvent.ExchangeSendingEvent;
import org.apache.camel.spi.HeaderFilterStrategy;
import org.apache.camel.support.EventNotifierSupport;

/**
 * Records every message the routes hand to the broker — destination, messageType, the headers that go on the wire
 * (after Camel's JMS header filter) and a text body — for {@link AsyncApiConformanceTest}. Two ways out: a send to a JMS endpoint,
 * and the answer Camel itself sends to JMSReplyTo when a JMS consumer route completes an InOut exchange.
 */
class BrokerTraffic extends EventNotifierSupport {

    /** The destination of an answer Camel sent to the request's JMSReplyTo. */
    static final String REPLY_TO = "<JMSReplyTo>";

    /** {@code body} is the text that went out (null for a binary body); {@code contentType} the envelope's. */
    record Sent(String route, String destination, String messageType, Set<String> headers, String messageVersion,
            String contentType, String body) {
    }

    private final List<Sent> sent = new CopyOnWriteArrayList<>();
    private final HeaderFilterStrategy wire = new JmsHeaderFilterStrategy(false);

    List<Sent> sent() {
        return List.copyOf(sent);
    }

    @Override
    public void notify(CamelEvent event) {
        if (event instanceof ExchangeSendingEvent sending && sending.getEndpoint() instanceof JmsEndpoint jms) {
            record(sending.getExchange(), destination(jms, sending.getExchange()));
        } else if (event instanceof ExchangeCompletedEvent completed
                && completed.getExchange().getFromEndpoint() instanceof JmsEndpoint from
                && !from.getConfiguration().isDisableReplyTo()
                && completed.getExchange().getPattern() == ExchangePattern.InOut
                && !completed.getExchange().isFailed()) {
            record(completed.getExchange(), REPLY_TO);
        }
    }

    /** A toD endpoint still names its destination as an expression; this exchange decides where it goes. */
    private static String destination(JmsEndpoint jms, Exchange exchange) {
        String name = jms.getDestinationName();
        if (name.contains("${")) {
            name = exchange.getContext().resolveLanguage("simple").createExpression(name).evaluate(exchange,
                    String.class);
        }
        return name.replaceFirst("^(queue|topic):", "");
    }

    private void record(Exchange exchange, String destination) {
        Set<String> headers = new TreeSet<>();
        exchange.getMessage().getHeaders().forEach((name, value) -> {
            // JMS-defined headers (JMSDestination, JMSXDeliveryCount, …) are the provider's, not the API's
            if (!name.startsWith("JMS") && !wire.applyFilterToCamelHeaders(name, value, exchange)) {
                headers.add(name);
            }
        });
        Object body = exchange.getMessage().getBody();
        sent.add(new Sent(exchange.getFromRouteId(), destination,
                exchange.getMessage().getHeader("messageType", String.class), headers,
                exchange.getMessage().getHeader("messageVersion", String.class),
                exchange.getMessage().getHeader("Content-Type", String.class),
                body instanceof String text ? text : null));
    }
}
