package io.integrationhub.routes.templates;

import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;

import io.integrationhub.routes.messaging.Envelope;
import io.integrationhub.routes.versions.MessageVersions;

/**
 * The checks every consumed message passes before anything else happens, one instance per templated route: a usable
 * messageId, a messageType the route accepts, a major version it can read (its {@code majorVersion}, or every major
 * the service's upcaster chain for that messageType accepts: {@link MessageVersions}). A failed check is a
 * {@link io.integrationhub.routes.messaging.PoisonMessageException}: no redelivery could make the message acceptable.
 */
public class EnvelopeCheck implements Processor {

    private final String channel;
    private final Set<String> messageTypes;
    private final int majorVersion;
    private final MessageVersions versions;

    /**
     * @param messageTypes comma-separated, as a template parameter gives them: {@code ReverseAuthorization,ReviseAuthorization}
     */
    public EnvelopeCheck(String channel, String messageTypes, int majorVersion, MessageVersions versions) {
        this.channel = channel;
        this.messageTypes = Arrays.stream(messageTypes.split(",")).map(String::trim).filter(type -> !type.isEmpty())
                .collect(Collectors.toUnmodifiableSet());
        if (this.messageTypes.isEmpty()) {
            throw new IllegalArgumentException("a route on " + channel + " must accept at least one messageType");
        }
        this.majorVersion = majorVersion;
        this.versions = versions;
    }

    /** The majors this route accepts, per messageType (what the deploy gate checks waiting messages against). */
    public Map<String, SortedSet<Integer>> acceptedMajors() {
        return messageTypes.stream().collect(Collectors.toUnmodifiableMap(Function.identity(),
                type -> versions.acceptedMajors(type, majorVersion)));
    }

    @Override
    public void process(Exchange exchange) {
        Envelope.requireMessageId(exchange);
        Envelope envelope = Envelope.of(exchange.getMessage()).requireMessageType(channel, messageTypes);
        versions.requireReadable(envelope.messageType(), envelope.messageVersion(), majorVersion);
    }
}
