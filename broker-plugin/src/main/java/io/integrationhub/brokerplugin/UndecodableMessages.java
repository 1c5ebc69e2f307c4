package io.integrationhub.brokerplugin;

import org.apache.activemq.artemis.api.core.ICoreMessage;
import org.apache.activemq.artemis.api.core.Message;
import org.apache.activemq.artemis.reader.MapMessageUtil;
import org.apache.activemq.artemis.reader.TextMessageUtil;

/**
 * Decides whether the Artemis JMS client could decode a message's body. The client decodes text and map bodies
 * eagerly, inside {@code MessageConsumer.receive}, and throws there: no listener, Camel route or error handler ever
 * sees such a message, and the consumer receives it again forever (see shared/STACK-NOTES.md). Object bodies are
 * decoded lazily (and the client swallows a short one); bytes and stream bodies are read by the application; both
 * reach the route's own error handling, so they are not judged here.
 */
final class UndecodableMessages {

    private UndecodableMessages() {
    }

    /** @return why no JMS client can read this message, or null when it can */
    static String problem(Message message) {
        ICoreMessage core;
        try {
            // what a CORE (JMS) consumer will get; for an AMQP message this is the broker's own conversion
            core = message.toCore();
        } catch (RuntimeException e) {
            return "the broker cannot convert this " + message.getClass().getSimpleName() + " for JMS consumers: "
                    + e.getClass().getSimpleName();
        }
        try {
            switch (core.getType()) {
                case Message.TEXT_TYPE -> TextMessageUtil.readBodyText(core.getReadOnlyBodyBuffer());
                case Message.MAP_TYPE -> MapMessageUtil.readBodyMap(core.getReadOnlyBodyBuffer());
                default -> {
                    return null;
                }
            }
            return null;
        } catch (RuntimeException e) {
            return (core.getType() == Message.TEXT_TYPE ? "text" : "map")
                    + " message body is not encoded as a JMS client expects (" + e.getClass().getSimpleName()
                    + "); the body bytes are kept as a bytes message";
        }
    }
}
