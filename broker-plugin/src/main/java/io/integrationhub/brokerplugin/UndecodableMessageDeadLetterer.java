package io.integrationhub.brokerplugin;

import java.time.Instant;

import org.apache.activemq.artemis.api.core.ICoreMessage;
import org.apache.activemq.artemis.api.core.Message;
import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.core.postoffice.Binding;
import org.apache.activemq.artemis.core.postoffice.Bindings;
import org.apache.activemq.artemis.core.postoffice.impl.LocalQueueBinding;
import org.apache.activemq.artemis.core.server.ActiveMQServer;
import org.apache.activemq.artemis.core.server.RoutingContext;
import org.apache.activemq.artemis.core.server.plugin.ActiveMQServerPlugin;
import org.apache.activemq.artemis.core.settings.impl.AddressSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Routes a message no JMS client can decode ({@link UndecodableMessages}) to its address's dead-letter address
 * ({@code DLQ.<channel>} in artemis/broker.xml) instead of to the channel's queues, with the reason in
 * {@code hubDeadLetterReason} — the property the services' own dead letters carry, so the admin API lists both alike.
 *
 * <p>An {@link ActiveMQServerPlugin} (not just a message plugin): broker.xml's {@code <broker-plugin>} accepts only those.
 *
 * <p>Why dead-letter and not refuse the send: a refusal reaches only a sender that blocks on its send (the JMS
 * default for persistent messages, not for non-persistent or AMQP pre-settled ones), and loses the evidence; a dead
 * letter keeps the message for the operator and tells the sender nothing it could misread as "delivered to the
 * consumer". Why {@code beforeMessageRoute}: it runs after the sender's send permission was checked against the
 * channel (so a client that may not send to DLQ.* still cannot), and before the message is stored, so the queues of
 * the channel never hold it and no consumer ever loops on it.
 *
 * <p>Text and map bodies of a CORE message are made a bytes message (the same bytes): the dead letter itself must be
 * readable by the admin API's JMS browser. Large messages (bodies streamed to disk) are not inspected.
 */
public class UndecodableMessageDeadLetterer implements ActiveMQServerPlugin {

    /** Same name as the services' dead-letter reason (io.integrationhub.routes.messaging.HubJmsErrors.REASON). */
    public static final String REASON = "hubDeadLetterReason";
    public static final String DEAD_LETTERED_BY = "hubDeadLetterRoute";
    static final String BY_BROKER = "broker:undecodable-message";

    private static final Logger log = LoggerFactory.getLogger(UndecodableMessageDeadLetterer.class);

    private volatile ActiveMQServer server;

    @Override
    public void registered(ActiveMQServer server) {
        this.server = server;
    }

    @Override
    public void beforeMessageRoute(Message message, RoutingContext context, boolean direct, boolean rejectDuplicates) {
        if (server == null || message.isLargeMessage() || context.getQueueCount() == 0) {
            return;
        }
        SimpleString address = context.getAddress(message);
        AddressSettings settings = server.getAddressSettingsRepository().getMatch(address.toString());
        SimpleString deadLetters = settings == null ? null : settings.getDeadLetterAddress();
        if (deadLetters == null || deadLetters.equals(address)) {
            return; // dead-letter queues themselves, and addresses without one: nowhere better to put it
        }
        String problem = UndecodableMessages.problem(message);
        if (problem == null) {
            return;
        }
        Bindings bindings;
        try {
            bindings = server.getPostOffice().lookupBindingsForAddress(deadLetters);
        } catch (Exception e) {
            log.warn("Undecodable message on {} ({}): cannot look up {}, delivered as is", address, problem,
                    deadLetters, e);
            return;
        }
        if (bindings == null || bindings.getBindings().isEmpty()) {
            log.warn("Undecodable message on {} ({}) but its dead-letter address {} has no queue: delivered as is",
                    address, problem, deadLetters);
            return;
        }
        context.clear();
        context.setReusable(false); // the session must not reuse this routing for the next (good) message
        for (Binding binding : bindings.getBindings()) {
            if (binding instanceof LocalQueueBinding queue) {
                context.addQueue(deadLetters, queue.getQueue());
            }
        }
        if (message instanceof ICoreMessage core
                && (core.getType() == Message.TEXT_TYPE || core.getType() == Message.MAP_TYPE)) {
            core.setType(Message.BYTES_TYPE);
        }
        message.putStringProperty(Message.HDR_ORIGINAL_ADDRESS, address);
        message.putStringProperty(REASON, problem);
        message.putStringProperty(DEAD_LETTERED_BY, BY_BROKER);
        message.putStringProperty("hubDeadLetterAt", Instant.now().toString());
        message.putStringProperty("hubOriginalChannel", address.toString());
        message.setAddress(deadLetters);
        log.warn("Dead-lettered an undecodable message sent to {} into {}: {}", address, deadLetters, problem);
    }
}
