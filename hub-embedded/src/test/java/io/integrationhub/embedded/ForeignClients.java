package io.integrationhub.embedded;

import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSException;

import org.apache.activemq.artemis.api.core.client.ActiveMQClient;
import org.apache.activemq.artemis.api.core.client.ClientSession;
import org.apache.activemq.artemis.api.core.client.ClientSessionFactory;
import org.apache.activemq.artemis.api.core.client.ServerLocator;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.apache.qpid.jms.JmsConnectionFactory;

/**
 * Clients from outside the hub's JVM, over the embedded broker's TCP acceptor: the Artemis JMS client (CORE), the
 * Qpid JMS client (AMQP 1.0, what other languages' clients speak) and Artemis' core API (which can write bodies no JMS
 * client would).
 */
final class ForeignClients {

    static final String CLIENT = "client";
    static final String CLIENT_PASSWORD = "test-client-password";
    static final String ADMIN = "admin";
    static final String ADMIN_PASSWORD = "test-broker-admin-password";

    enum Protocol {
        CORE, AMQP
    }

    private ForeignClients() {
    }

    static ConnectionFactory factory(Protocol protocol, int port) {
        return switch (protocol) {
            case CORE -> new ActiveMQConnectionFactory("tcp://127.0.0.1:" + port + "?reconnectAttempts=0");
            // no failover: a refused login must fail the connect, not retry
            case AMQP -> new JmsConnectionFactory("amqp://127.0.0.1:" + port + "?amqp.idleTimeout=0");
        };
    }

    static Connection connect(Protocol protocol, int port, String user, String password) throws JMSException {
        return factory(protocol, port).createConnection(user, password);
    }

    /** A core-API session (auto-commit sends and acks) for messages with hand-written bodies. */
    static CoreSession core(int port, String user, String password) throws Exception {
        ServerLocator locator = ActiveMQClient.createServerLocator("tcp://127.0.0.1:" + port + "?reconnectAttempts=0");
        locator.setBlockOnDurableSend(true);
        ClientSessionFactory factory = locator.createSessionFactory();
        ClientSession session = factory.createSession(user, password, false, true, true, false, 0);
        return new CoreSession(locator, factory, session);
    }

    record CoreSession(ServerLocator locator, ClientSessionFactory factory, ClientSession session)
            implements AutoCloseable {
        @Override
        public void close() throws Exception {
            session.close();
            factory.close();
            locator.close();
        }
    }
}
