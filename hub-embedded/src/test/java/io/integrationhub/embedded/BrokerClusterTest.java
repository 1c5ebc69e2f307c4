package io.integrationhub.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.IntStream;

import jakarta.jms.Connection;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;

import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.junit.jupiter.api.Test;

/**
 * Issue 16 item 1: Artemis's own HA and clustering, run by {@code artemis/run-cluster.sh} from the real 2.40.0
 * distribution, as an operator runs it. The services' broker users (partner-adapters sends to {@code order.replies},
 * order-app consumes it) connect with the fail-over URL the services use.
 * <ul>
 * <li>HA: a replicated primary/backup pair. The primary is killed with SIGKILL in the middle of a stream of
 * transacted sends: the clients fail over to the backup without being restarted, and every message committed before
 * or after the kill is consumed. The primary is started again: it takes over from the backup (fail-back), and the
 * same clients go on.</li>
 * <li>Cluster: two active nodes. A message sent to node0 reaches a consumer on node1 (ON_DEMAND load balancing);
 * messages waiting on node0 without a consumer move to node1's consumer (redistribution); with consumers on both
 * nodes, each JMSXGroupID is consumed by one consumer only, in order, also when its later messages come through the
 * other node (the clustered grouping handler: LOCAL on node0, REMOTE on node1).</li>
 * </ul>
 */
class BrokerClusterTest {

    private static final Path HOME = Path.of("target", "artemis-cluster-test").toAbsolutePath();
    private static final String ORDER_APP_PASSWORD = "cluster-test-order-app";
    private static final String PARTNER_PASSWORD = "cluster-test-partner-adapters";
    private static final String CHANNEL = "order.replies";

    @Test
    void shouldFailOverToTheBackupAndBackWithoutLosingACommittedMessage() throws Exception {
        Topology ha = new Topology("ha", "primary", "backup");
        try {
            ha.start();
            try (Connection sending = ha.connect("partner-adapters", PARTNER_PASSWORD);
                    Connection receiving = ha.connect("order-app", ORDER_APP_PASSWORD)) {
                Session sendSession = sending.createSession(true, Session.SESSION_TRANSACTED);
                MessageProducer producer = sendSession.createProducer(sendSession.createQueue(CHANNEL));
                for (int batch = 0; batch < 5; batch++) {
                    sendBatch(sendSession, producer, batch);
                }

                ha.scripts.run("run-cluster.sh", "ha", "kill", "primary");
                // the backup takes over: its acceptor opens; the same producer goes on, re-sending a batch whose
                // transaction the fail-over rolled back
                await().atMost(Duration.ofSeconds(60)).until(() -> ha.accepts(1));
                for (int batch = 5; batch < 10; batch++) {
                    sendBatch(sendSession, producer, batch);
                }

                Session receiveSession = receiving.createSession(true, Session.SESSION_TRANSACTED);
                MessageConsumer consumer = receiveSession.createConsumer(receiveSession.createQueue(CHANNEL));
                Set<Integer> received = new HashSet<>();
                receive(receiveSession, consumer, received, 50);

                // fail-back: the primary, started again, takes over from the backup; the same clients go on
                ha.scripts.run("run-cluster.sh", "ha", "start", "primary");
                assertThat(ha.accepts(0)).as("the primary is active again").isTrue();
                for (int batch = 10; batch < 12; batch++) {
                    sendBatch(sendSession, producer, batch);
                }
                receive(receiveSession, consumer, received, 120);
                assertThat(received).as("every committed message, none lost across fail-over and fail-back")
                        .containsAll(IntStream.range(0, 120).boxed().toList());
            }
        } finally {
            ha.stop();
        }
    }

    @Test
    void shouldBalanceRedistributeAndKeepEachGroupOnOneConsumerAcrossTwoActiveNodes() throws Exception {
        Topology cluster = new Topology("cluster", "node0", "node1");
        try {
            cluster.start();
            try (Connection node0 = cluster.connectTo(0, "partner-adapters", PARTNER_PASSWORD);
                    Connection node1 = cluster.connectTo(1, "partner-adapters", PARTNER_PASSWORD);
                    Connection consumerOnNode0 = cluster.connectTo(0, "order-app", ORDER_APP_PASSWORD);
                    Connection consumerOnNode1 = cluster.connectTo(1, "order-app", ORDER_APP_PASSWORD)) {
                Session send = node0.createSession(false, Session.AUTO_ACKNOWLEDGE);
                MessageProducer producer = send.createProducer(send.createQueue(CHANNEL));

                // redistribution: sent to node0 while nobody consumes anywhere, consumed on node1
                for (int i = 0; i < 20; i++) {
                    producer.send(numbered(send, i, null));
                }
                Session onNode1 = consumerOnNode1.createSession(false, Session.AUTO_ACKNOWLEDGE);
                MessageConsumer node1Consumer = onNode1.createConsumer(onNode1.createQueue(CHANNEL));
                Set<Integer> redistributed = new HashSet<>();
                for (Message m; redistributed.size() < 20 && (m = node1Consumer.receive(30_000)) != null; ) {
                    redistributed.add(m.getIntProperty("n"));
                }
                assertThat(redistributed).as("node0's waiting messages moved to node1's consumer")
                        .hasSize(20);
                node1Consumer.close();

                // grouping: consumers on both nodes. A group's first messages come through node0, its later ones
                // through node1 (as after a relay's fail-over to an instance connected to the other node): each group
                // stays on the consumer chosen first, in send order. Without the clustered grouping handler node1
                // would choose again, on its own, and split groups between the two consumers.
                Map<String, List<Integer>> byGroup = new ConcurrentHashMap<>();
                Map<String, Set<String>> consumersOfGroup = new ConcurrentHashMap<>();
                List<Throwable> failures = new CopyOnWriteArrayList<>();
                listen(consumerOnNode0, "node0", byGroup, consumersOfGroup, failures);
                listen(consumerOnNode1, "node1", byGroup, consumersOfGroup, failures);
                consumerOnNode0.start();
                consumerOnNode1.start();
                List<String> groups = List.of("order-a", "order-b", "order-c", "order-d", "order-e", "order-f");
                for (int n = 0; n < 10; n++) {
                    for (String group : groups) {
                        producer.send(numbered(send, n, group));
                    }
                }
                await().atMost(Duration.ofSeconds(60)).until(() -> byGroup.values().stream()
                        .mapToInt(List::size).sum() >= 60);
                Session sendOnNode1 = node1.createSession(false, Session.AUTO_ACKNOWLEDGE);
                MessageProducer producerOnNode1 = sendOnNode1.createProducer(sendOnNode1.createQueue(CHANNEL));
                for (int n = 10; n < 20; n++) {
                    for (String group : groups) {
                        producerOnNode1.send(numbered(sendOnNode1, n, group));
                    }
                }
                await().atMost(Duration.ofSeconds(60)).until(() -> byGroup.values().stream()
                        .mapToInt(List::size).sum() >= 120);
                assertThat(failures).isEmpty();
                List<Integer> inOrder = IntStream.range(0, 20).boxed().toList();
                for (String group : groups) {
                    assertThat(byGroup.get(group)).as("group %s in send order", group).isEqualTo(inOrder);
                    assertThat(consumersOfGroup.get(group)).as("group %s on one consumer", group).hasSize(1);
                }
                Set<String> used = new HashSet<>();
                consumersOfGroup.values().forEach(used::addAll);
                assertThat(used).as("both nodes' consumers got groups (load balanced)").hasSize(2);
            }
        } finally {
            cluster.stop();
        }
    }

    private static void listen(Connection connection, String name, Map<String, List<Integer>> byGroup,
            Map<String, Set<String>> consumersOfGroup, List<Throwable> failures) throws JMSException {
        Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
        session.createConsumer(session.createQueue(CHANNEL)).setMessageListener(message -> {
            try {
                String group = message.getStringProperty("JMSXGroupID");
                consumersOfGroup.computeIfAbsent(group, g -> ConcurrentHashMap.newKeySet()).add(name);
                byGroup.computeIfAbsent(group, g -> new CopyOnWriteArrayList<>()).add(message.getIntProperty("n"));
            } catch (JMSException e) {
                failures.add(e);
            }
        });
    }

    private static Message numbered(Session session, int n, String group) throws JMSException {
        Message message = session.createTextMessage("{}");
        message.setIntProperty("n", n);
        if (group != null) {
            message.setStringProperty("JMSXGroupID", group);
        }
        return message;
    }

    /** Ten messages in one transaction; a transaction the fail-over rolled back is sent again (at least once). */
    private static void sendBatch(Session session, MessageProducer producer, int batch) throws Exception {
        for (int attempt = 1; ; attempt++) {
            try {
                for (int i = 0; i < 10; i++) {
                    producer.send(numbered(session, batch * 10 + i, null));
                }
                session.commit();
                return;
            } catch (JMSException failedOver) {
                if (attempt == 20) {
                    throw failedOver;
                }
                try {
                    session.rollback();
                } catch (JMSException stillReconnecting) {
                    // the next attempt finds the session reconnected, or fails the same way
                }
                await().pollDelay(Duration.ofMillis(250)).until(() -> true);
            }
        }
    }

    private static void receive(Session session, MessageConsumer consumer, Set<Integer> received, int until)
            throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (received.size() < until && System.nanoTime() < deadline) {
            try {
                Message message = consumer.receive(1_000);
                if (message != null) {
                    received.add(message.getIntProperty("n"));
                    session.commit();
                }
            } catch (JMSException failedOver) {
                // a fail-back under a receive: the message comes again after the rollback
                session.rollback();
            }
        }
    }

    /** Nodes of one run-cluster.sh topology on free ports, each with an empty journal. */
    private static final class Topology {
        final String name;
        final List<String> nodes;
        final int firstPort;
        final ArtemisScripts scripts;
        private final List<ActiveMQConnectionFactory> factories = new ArrayList<>();

        Topology(String name, String... nodes) throws Exception {
            this.name = name;
            this.nodes = List.of(nodes);
            this.firstPort = ArtemisScripts.freePorts(nodes.length);
            Map<String, String> settings = new HashMap<>();
            settings.put("HUB_CLUSTER_PORT", String.valueOf(firstPort));
            settings.put("HUB_CLUSTER_CONSOLE_PORT", String.valueOf(ArtemisScripts.freePorts(nodes.length)));
            settings.put("HUB_BROKER_JAVA_MEMORY", "512M");
            settings.put("HUB_BROKER_ADMIN_PASSWORD", "cluster-test-admin");
            settings.put("HUB_BROKER_CLUSTER_PASSWORD", "cluster-test-cluster");
            settings.put("ORDER_APP_BROKER_PASSWORD", ORDER_APP_PASSWORD);
            settings.put("PARTNER_ADAPTERS_BROKER_PASSWORD", PARTNER_PASSWORD);
            this.scripts = new ArtemisScripts(HOME, settings);
        }

        void start() throws Exception {
            for (String node : nodes) {
                scripts.deleteInstance(name + "-" + node);
            }
            scripts.run("run-cluster.sh", name, "start");
        }

        void stop() throws Exception {
            factories.forEach(ActiveMQConnectionFactory::close);
            scripts.run("run-cluster.sh", name, "stop");
        }

        /** With every node in the URL, as HUB_BROKER_URL gives it to a service. */
        Connection connect(String user, String password) throws Exception {
            String url = scripts.run("run-cluster.sh", name, "url").strip() + "&retryInterval=250";
            return started(new ActiveMQConnectionFactory(url, user, password));
        }

        /** Pinned to one node (no fail-over), to see what the cluster moves between nodes. */
        Connection connectTo(int node, String user, String password) throws Exception {
            return started(new ActiveMQConnectionFactory("tcp://127.0.0.1:" + (firstPort + node), user, password));
        }

        private Connection started(ActiveMQConnectionFactory factory) throws JMSException {
            factories.add(factory);
            Connection connection = factory.createConnection();
            connection.start();
            return connection;
        }

        boolean accepts(int node) {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", firstPort + node), 1_000);
                return true;
            } catch (java.io.IOException closed) {
                return false;
            }
        }
    }
}
