package io.integrationhub.routes.versions;

import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.concurrent.CopyOnWriteArrayList;

import org.apache.activemq.artemis.jms.client.ActiveMQDestination;

/**
 * Every channel this service's templated routes consume, with the majors they accept per messageType: recorded as the
 * routes are built, read by the deploy gate before any of them starts consuming.
 */
public class ConsumedChannels {

    /**
     * @param subscriptionName the shared durable subscription of a topic (its queue holds the waiting events), or null
     *                         for a queue
     */
    public record ConsumedChannel(String channel, String subscriptionName, String jmsComponent,
            Map<String, SortedSet<Integer>> acceptedMajors) {

        /**
         * The broker queue holding what waits for this route: the channel, or the topic's subscription queue, named
         * as Artemis' JMS client names a shared durable subscription's queue ({@code clientId} null unless the JMS
         * component sets one).
         */
        public String queue(String clientId) {
            return subscriptionName == null ? channel
                    : ActiveMQDestination.createQueueNameForSubscription(true, clientId, subscriptionName).toString();
        }

        /** How a JMS client names it: a subscription queue by its fully qualified name (address::queue). */
        public String browseName(String clientId) {
            return subscriptionName == null ? channel : channel + "::" + queue(clientId);
        }

        /** Two routes on the same queue are one check. */
        String key() {
            return channel + "::" + subscriptionName;
        }

        public String describe() {
            return subscriptionName == null ? "queue " + channel
                    : "subscription " + subscriptionName + " of topic " + channel;
        }
    }

    private final List<ConsumedChannel> channels = new CopyOnWriteArrayList<>();

    public void register(ConsumedChannel channel) {
        channels.add(channel);
    }

    public List<ConsumedChannel> all() {
        return List.copyOf(channels);
    }
}
