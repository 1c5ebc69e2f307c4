package io.integrationhub.routes.templates;

import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;

import io.integrationhub.routes.messaging.Envelope;

/**
 * The checks every consumed message passes before anything else happens, one instance per templated route: a usable
 * messageId, a messageType the route accepts, a major version it can read. A failed check is a
 * {@link io.integrationhub.routes.messaging.PoisonMessageException}: no redelivery could make the message acceptable.
 */
public class EnvelopeCheck implements Processor {

    private final String channel;
    private final Set<String> messageTypes;
    private final int majorVersion;

    /**
     * @param messageTypes comma-separated, as a template parameter gives them: {@code ReverseAuthorization,ReviseAuthorization}
     */
    public EnvelopeCheck(String channel, String messageTypes, int majorVersion) {
        this.channel = channel;
        this.messageTypes = Arrays.stream(messageTypes.split(",")).map(String::trim).filter(type -> !type.isEmpty())
                .collect(Collectors.toUnmodifiableSet());
        if (this.messageTypes.isEmpty()) {
            throw new IllegalArgumentException("a route on " + channel + " must accept at least one messageType");
        }
        this.majorVersion = majorVersion;
    }

    @Override
    public void process(Exchange exchange) {
        Envelope.requireMessageId(exchange);
        Envelope.of(exchange.getMessage()).requireMessageType(channel, messageTypes).requireMajorVersion(majorVersion);
    }
}
