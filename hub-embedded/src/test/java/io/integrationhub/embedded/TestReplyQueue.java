package io.integrationhub.embedded;

import org.apache.activemq.artemis.api.core.QueueConfiguration;
import org.apache.activemq.artemis.api.core.RoutingType;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.springframework.beans.factory.SmartInitializingSingleton;

/**
 * Declares {@link TestCommands#REPLY_QUEUE} on the embedded broker, as an operator declares a channel. The partner
 * adapters reply to it as their own broker user, whose role may send to it but not create addresses (broker.xml):
 * without this, the first reply to it would be refused and hold up the adapter's outbox.
 */
class TestReplyQueue implements SmartInitializingSingleton {

    private final EmbeddedActiveMQ broker;

    TestReplyQueue(EmbeddedActiveMQ broker) {
        this.broker = broker;
    }

    @Override
    public void afterSingletonsInstantiated() {
        try {
            broker.getActiveMQServer().createQueue(QueueConfiguration.of(TestCommands.REPLY_QUEUE)
                    .setAddress(TestCommands.REPLY_QUEUE).setRoutingType(RoutingType.ANYCAST).setDurable(true)
                    .setAutoCreated(false), true);
        } catch (Exception e) {
            throw new IllegalStateException("could not declare " + TestCommands.REPLY_QUEUE, e);
        }
    }
}
