package io.integrationhub.routes.versions;

import java.util.Collection;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.apache.camel.Exchange;
import org.apache.camel.Message;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.integrationhub.routes.messaging.PoisonMessageException;

/**
 * The service's {@link UpcasterChain}s by messageType: which majors a consuming route accepts and how a message of an
 * older one is brought to the major its handler reads. A messageType without a chain is read in the route's
 * {@code majorVersion} only, as before.
 */
public class MessageVersions {

    /** Exchange property: the messageVersion a message arrived with, when it was upcast. */
    public static final String RECEIVED_VERSION = "hubReceivedMessageVersion";

    private final Map<String, UpcasterChain> chains;
    /** Decimals as they were written (12.50 stays 12.50, never a double): upcasters often touch amounts. */
    private final ObjectMapper json = JsonMapper.builder().nodeFactory(JsonNodeFactory.withExactBigDecimals(true))
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS).build();

    public MessageVersions(Collection<UpcasterChain> chains) {
        this.chains = chains.stream().collect(Collectors.toUnmodifiableMap(UpcasterChain::messageType,
                Function.identity(), (a, b) -> {
                    throw new IllegalStateException("two upcaster chains for " + a.messageType());
                }));
    }

    /** The majors a route accepts of {@code messageType}: its chain's, else the route's own major only. */
    public SortedSet<Integer> acceptedMajors(String messageType, int routeMajor) {
        UpcasterChain chain = chains.get(messageType);
        return chain != null ? chain.acceptedMajors() : new TreeSet<>(java.util.Set.of(routeMajor));
    }

    /** @throws PoisonMessageException naming the accepted versions, for a major the route cannot read */
    public void requireReadable(String messageType, String messageVersion, int routeMajor) {
        MessageVersion version = MessageVersion.parse(messageVersion);
        SortedSet<Integer> accepted = acceptedMajors(messageType, routeMajor);
        if (!accepted.contains(version.major())) {
            throw new PoisonMessageException(messageType + " version " + version + " is not supported (accepts "
                    + describe(accepted) + ")");
        }
    }

    /**
     * Brings the body of a message of an older accepted major to the handler's major and sets {@code messageVersion}
     * to that major (the version it arrived with stays in {@link #RECEIVED_VERSION}); the current major passes
     * untouched. Runs after {@link #requireReadable}.
     */
    public void upcast(Exchange exchange) throws JsonProcessingException {
        Message message = exchange.getMessage();
        UpcasterChain chain = chains.get(message.getHeader("messageType", String.class));
        if (chain == null) {
            return;
        }
        String received = message.getHeader("messageVersion", String.class);
        MessageVersion version = MessageVersion.parse(received);
        if (version.major() == chain.currentMajor()) {
            return;
        }
        String body = message.getBody(String.class);
        if (body == null) {
            throw new PoisonMessageException(chain.messageType() + " " + version + " has no body");
        }
        JsonNode payload = json.readTree(body);
        if (!(payload instanceof ObjectNode object)) {
            throw new PoisonMessageException(chain.messageType() + " " + version + " payload is not a JSON object");
        }
        message.setBody(json.writeValueAsString(chain.upcast(version.major(), object)));
        message.setHeader("messageVersion", MessageVersion.of(chain.currentMajor()).toString());
        exchange.setProperty(RECEIVED_VERSION, version.toString());
    }

    static String describe(SortedSet<Integer> majors) {
        return majors.stream().map(m -> m + ".x").collect(Collectors.joining(", "));
    }
}
