package io.integrationhub.routes.deadletter;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;

import jakarta.jms.BytesMessage;
import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.Destination;
import jakarta.jms.JMSException;
import jakarta.jms.JMSSecurityException;
import jakarta.jms.MapMessage;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.ObjectMessage;
import jakarta.jms.QueueBrowser;
import jakarta.jms.Session;
import jakarta.jms.StreamMessage;
import jakarta.jms.TextMessage;

import io.integrationhub.routes.journey.DeadLetterReplays;
import io.integrationhub.routes.messaging.Channels;
import io.integrationhub.routes.messaging.HubJmsErrors;
import io.integrationhub.routes.rest.ProblemException;

/**
 * Reads and replays {@code DLQ.<channel>} with plain JMS (a browser to list, a transacted session to move a message
 * back), since these are operator actions on the broker's queues rather than message flows.
 */
public class DeadLetters {

    private final ConnectionFactory connections;
    private final Set<String> queues;
    private final Set<String> topics;
    private final DeadLetterReplays replays;

    /** @param replays where each replay is recorded for the message journey, or null */
    public DeadLetters(ConnectionFactory connections, Channels channels, DeadLetterReplays replays) {
        this.connections = connections;
        this.replays = replays;
        this.topics = Set.of(channels.getOrderEvents(), channels.getRestaurantEvents(),
                channels.getDeliveryQuoteRequests());
        this.queues = Set.of(channels.getConsumerCommands(), channels.getConsumerQueries(),
                channels.getRestaurantCommands(), channels.getKitchenCommands(), channels.getAccountingCommands(),
                channels.getNotificationCommands(), channels.getOrderReplies(), channels.getOrderDeliveryQuotes());
    }

    public List<DeadLetterViews.DeadLetter> list(String channel) throws JMSException {
        checkChannel(channel);
        try {
            return browse(channel);
        } catch (JMSSecurityException refused) {
            throw notThisServices(channel);
        }
    }

    private List<DeadLetterViews.DeadLetter> browse(String channel) throws JMSException {
        List<DeadLetterViews.DeadLetter> letters = new ArrayList<>();
        try (Connection connection = connections.createConnection()) {
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            connection.start();
            try (QueueBrowser browser = session.createBrowser(session.createQueue("DLQ." + channel))) {
                for (Message m : Collections.list((java.util.Enumeration<Message>) browser.getEnumeration())) {
                    letters.add(describe(m));
                }
            }
        }
        return letters;
    }

    /** Sends the dead letters back to their channel: the one with {@code id}, or all when it is null. */
    public DeadLetterViews.Replayed replay(String channel, String id) throws JMSException {
        checkChannel(channel);
        try {
            return move(channel, id);
        } catch (JMSSecurityException refused) {
            throw notThisServices(channel);
        }
    }

    /**
     * The broker refused this service's user (broker.xml): a service reads only the dead letters of the channels it
     * consumes. A 403 that says where to look, not a 500.
     */
    private static ProblemException notThisServices(String channel) {
        return new ProblemException(403, "Forbidden", "The dead letters of '" + channel + "' belong to the service "
                + "that consumes it; list and replay them through that service's admin API.");
    }

    /**
     * Moves the dead letters that are there now, each by its id: a replayed message that fails again comes back
     * to the dead-letter queue as a new message, and draining the queue instead would replay it forever (a poison
     * message on restaurant.events made replay-all loop until the client gave up). Letters that cannot be sent
     * again (see {@link #replayable}) stay where they are and are counted as kept.
     */
    private DeadLetterViews.Replayed move(String channel, String id) throws JMSException {
        List<DeadLetterViews.DeadLetter> letters = browse(channel).stream()
                .filter(letter -> id == null || id.equals(letter.id())).toList();
        if (id != null && !letters.isEmpty() && !letters.get(0).replayable()) {
            throw ProblemException.unprocessable("Dead letter '" + id + "' cannot be replayed: its body is of a kind "
                    + "this API does not copy (an object or stream message); it stays in DLQ." + channel + ".");
        }
        int replayed = 0;
        try (Connection connection = connections.createConnection()) {
            Session session = connection.createSession(true, Session.SESSION_TRANSACTED);
            connection.start();
            Destination target = topics.contains(channel) ? session.createTopic(channel) : session.createQueue(channel);
            try (var producer = session.createProducer(target)) {
                for (DeadLetterViews.DeadLetter letter : letters) {
                    if (!letter.replayable()) {
                        continue;
                    }
                    String selector = "JMSMessageID = 'ID:" + letter.id().replace("'", "") + "'";
                    try (MessageConsumer deadLetters = session.createConsumer(session.createQueue("DLQ." + channel),
                            selector)) {
                        Message dead = deadLetters.receive(1_000);
                        if (dead == null) {
                            continue; // replayed or removed meanwhile
                        }
                        producer.send(copy(session, dead));
                        session.commit(); // one by one: a failure leaves the rest where they are
                        replayed++;
                        if (replays != null) {
                            replays.record(new DeadLetterReplays.Replay(channel, letter.messageId(),
                                    letter.messageType(), letter.aggregateId(), letter.reason(), deliveries(dead),
                                    Instant.parse(letter.deadLetteredAt())));
                        }
                    }
                }
            }
        }
        return new DeadLetterViews.Replayed(replayed, letters.size() - replayed);
    }

    private static Integer deliveries(Message dead) throws JMSException {
        return dead.propertyExists("hubDeliveryCount") ? dead.getIntProperty("hubDeliveryCount") : null;
    }

    /**
     * Whether {@link #copy} can send it again: it needs the message's id to take exactly that one, and a body it can
     * copy (text, bytes, a map or none). An object message may be of a class this service lacks; a stream message
     * is not worth the code.
     */
    private static boolean replayable(Message m) throws JMSException {
        return m.getJMSMessageID() != null && !(m instanceof ObjectMessage) && !(m instanceof StreamMessage);
    }

    private void checkChannel(String channel) {
        if (channel == null || channel.isBlank()) {
            throw ProblemException.badRequest("Query parameter 'channel' is required, e.g. channel=consumer.commands.");
        }
        if (!queues.contains(channel) && !topics.contains(channel)) {
            throw ProblemException.notFound("No channel '" + channel + "'.");
        }
    }

    private static DeadLetterViews.DeadLetter describe(Message m) throws JMSException {
        String reason = m.getStringProperty(HubJmsErrors.REASON);
        String at = m.getStringProperty("hubDeadLetterAt");
        Instant when = at != null ? Instant.parse(at) : Instant.ofEpochMilli(m.getJMSTimestamp());
        return new DeadLetterViews.DeadLetter(
                m.getJMSMessageID() == null ? null : m.getJMSMessageID().replaceFirst("^ID:", ""),
                m.getStringProperty("messageId"), m.getStringProperty("messageType"),
                m.getStringProperty("aggregateId"),
                reason != null ? reason : "delivery attempts exhausted (dead-lettered by the broker)",
                m.getStringProperty("hubDeadLetterRoute"), when.toString(),
                Duration.between(when, Instant.now()).toSeconds(), replayable(m));
    }

    /** The original message: body, envelope, group and reply-to, without the dead-letter and broker bookkeeping. */
    private static Message copy(Session session, Message dead) throws JMSException {
        Message copy;
        if (dead instanceof TextMessage text) {
            copy = session.createTextMessage(text.getText());
        } else if (dead instanceof BytesMessage bytes) {
            byte[] body = new byte[(int) bytes.getBodyLength()];
            bytes.readBytes(body);
            BytesMessage b = session.createBytesMessage();
            b.writeBytes(body);
            copy = b;
        } else if (dead instanceof MapMessage map) {
            MapMessage m = session.createMapMessage();
            for (Object name : Collections.list(map.getMapNames())) {
                m.setObject((String) name, map.getObject((String) name));
            }
            copy = m;
        } else if (replayable(dead)) {
            copy = session.createMessage(); // no body
        } else {
            throw new JMSException("cannot replay a " + dead.getClass().getSimpleName());
        }
        for (Object name : Collections.list(dead.getPropertyNames())) {
            String property = (String) name;
            if (property.startsWith("hub") || property.startsWith("_AMQ") || property.startsWith("__AMQ")
                    || (property.startsWith("JMSX") && !property.equals("JMSXGroupID"))) {
                continue;
            }
            copy.setObjectProperty(property, dead.getObjectProperty(property));
        }
        // the delivery auditor counted its aggregateSequence when it was first delivered: not a duplicate now
        copy.setBooleanProperty(io.integrationhub.routes.delivery.ArrivalCheck.REPLAYED, true);
        copy.setJMSCorrelationID(dead.getJMSCorrelationID());
        copy.setJMSReplyTo(dead.getJMSReplyTo());
        return copy;
    }
}
