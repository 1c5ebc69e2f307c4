package io.integrationhub.routes.versions;

import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.QueueBrowser;
import jakarta.jms.Session;

import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.jms.client.ActiveMQSession;
import org.apache.camel.CamelContext;
import org.apache.camel.StartupListener;
import org.apache.camel.component.jms.JmsComponent;
import org.apache.camel.component.jms.JmsConfiguration;
import org.messaginghub.pooled.jms.JmsPoolSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The deploy gate on the queues a service consumes: before the first route consumer starts (a Camel startup listener
 * runs after the routes are built, before their consumers start), browses — without consuming — every queue and
 * topic subscription of the templated routes and refuses the start when one holds a message whose major version the
 * route cannot read. Started anyway, the consumers would dead-letter them as poison; a rollback to an older build is
 * the usual way to get here. Written here because neither Camel nor Artemis knows what a message version is; a JMS
 * {@link QueueBrowser} is the standard way to look at a queue without taking anything from it.
 */
class QueueVersionGate implements StartupListener {

    private static final Logger log = LoggerFactory.getLogger(QueueVersionGate.class);

    private final ConsumedChannels consumed;
    private final int browseLimit;

    QueueVersionGate(ConsumedChannels consumed, int browseLimit) {
        this.consumed = consumed;
        this.browseLimit = browseLimit;
    }

    @Override
    public void onCamelContextStarted(CamelContext camel, boolean alreadyStarted) throws Exception {
        if (alreadyStarted) {
            return; // a route added later (a reloaded YAML file) is no rollout
        }
        long started = System.nanoTime();
        List<StrandedMessages> stranded = new ArrayList<>();
        Map<String, ConsumedChannels.ConsumedChannel> distinct = new TreeMap<>();
        consumed.all().forEach(channel -> distinct.merge(channel.key(), channel, (a, b) -> a));
        for (ConsumedChannels.ConsumedChannel channel : distinct.values()) {
            StrandedMessages found = browse(camel, channel);
            if (found != null) {
                stranded.add(found);
            }
        }
        if (!stranded.isEmpty()) {
            throw new DeployGateException(stranded);
        }
        log.info("Deploy gate: {} consumed queue(s) hold no message of a version this build cannot read (checked in "
                + "{} ms)", distinct.size(), (System.nanoTime() - started) / 1_000_000);
    }

    private StrandedMessages browse(CamelContext camel, ConsumedChannels.ConsumedChannel channel) throws JMSException {
        JmsConfiguration configuration = camel.getComponent(channel.jmsComponent(), JmsComponent.class)
                .getConfiguration();
        ConnectionFactory factory = configuration.getConnectionFactory();
        String clientId = configuration.getClientId();
        Map<String, Long> unreadable = new TreeMap<>();
        try (Connection connection = factory.createConnection()) {
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            if (!exists(session, channel.queue(clientId))) {
                log.debug("Deploy gate: no queue {} (yet)", channel.queue(clientId));
                return null; // a subscription not created yet holds nothing
            }
            connection.start();
            try (QueueBrowser browser = session.createBrowser(session.createQueue(channel.browseName(clientId)))) {
                Enumeration<?> messages = browser.getEnumeration();
                for (int seen = 0; seen < browseLimit && messages.hasMoreElements(); seen++) {
                    Message message = (Message) messages.nextElement();
                    String type = message.getStringProperty("messageType");
                    SortedSet<Integer> accepted = channel.acceptedMajors().get(type);
                    MessageVersion version = versionOf(message.getStringProperty("messageVersion"));
                    if (accepted != null && version != null && !accepted.contains(version.major())) {
                        unreadable.merge(type + " " + version, 1L, Long::sum);
                    }
                }
            }
        }
        if (unreadable.isEmpty()) {
            return null;
        }
        SortedSet<String> readable = new TreeSet<>();
        channel.acceptedMajors().forEach((type, majors) -> readable.add(type + " " + MessageVersions.describe(majors)));
        return new StrandedMessages(channel.describe(), unreadable.values().stream().mapToLong(Long::longValue).sum(),
                new TreeSet<>(unreadable.keySet()), "this build accepts " + String.join("; ", readable));
    }

    /** An unparseable version is the consumer's business (poison, dead-lettered with its reason), not a rollout's. */
    private static MessageVersion versionOf(String header) {
        try {
            return MessageVersion.parse(header);
        } catch (RuntimeException e) {
            return null;
        }
    }

    /**
     * Asked of the broker without creating anything: a JMS browser on a queue that does not exist would auto-create
     * it (and a topic subscription's queue must be created by its subscriber, multicast, not by us).
     */
    private static boolean exists(Session session, String queue) throws JMSException {
        Session inner = session instanceof JmsPoolSession pooled ? pooled.getInternalSession() : session;
        if (inner instanceof ActiveMQSession artemis) {
            try {
                return artemis.getCoreSession().queueQuery(SimpleString.of(queue)).isExists();
            } catch (org.apache.activemq.artemis.api.core.ActiveMQException e) {
                throw new IllegalStateException("cannot ask the broker about queue " + queue + ": " + e.getMessage(), e);
            }
        }
        throw new IllegalStateException("the deploy gate needs an Artemis JMS session, not " + inner.getClass().getName());
    }
}
