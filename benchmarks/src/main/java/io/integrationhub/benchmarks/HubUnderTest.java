package io.integrationhub.benchmarks;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

import javax.sql.DataSource;

import jakarta.jms.ConnectionFactory;

import org.apache.activemq.artemis.api.core.QueueConfiguration;
import org.apache.activemq.artemis.api.core.RoutingType;
import org.apache.activemq.artemis.core.server.ActiveMQServer;
import org.apache.activemq.artemis.core.server.MessageReference;
import org.apache.activemq.artemis.core.server.Queue;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.apache.activemq.artemis.utils.collections.LinkedListIterator;
import org.apache.camel.CamelContext;
import org.apache.camel.spring.spi.SpringTransactionPolicy;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import io.integrationhub.order.OrderApplication;
import io.integrationhub.routes.outbox.OutboxConfiguration;
import io.integrationhub.routes.outbox.OutboxProperties;
import io.integrationhub.routes.outbox.OutboxRelay;
import io.integrationhub.routes.outbox.OutboxRelays;

/**
 * order-app started in this JVM exactly as it ships (config/application.yml, order-app.yml), with: its own database,
 * an embedded Artemis on a free TCP port with a fresh journal under benchmarks/target/, a random HTTP port, generated
 * passwords, and the outbox relay off so each phase decides when a relay runs.
 */
final class HubUnderTest implements AutoCloseable {

    static final String SCHEMA = "orders";
    static final String BROKER_USER = "hub";

    final Settings settings;
    final ConfigurableApplicationContext context;
    final DataSource dataSource;
    final CamelContext camel;
    final OutboxProperties outbox;
    final ActiveMQServer broker;
    final int httpPort;
    final int brokerPort;
    final Path dataDirectory;
    final int hikariPoolSize;
    /** How messages reach the phase-1 queue: transactions vs. auto-committed sends. */
    final BrokerSendAudit relayQueueAudit = new BrokerSendAudit(RelayThroughput.QUEUE);
    final BrokerSendAudit latencyQueueAudit = new BrokerSendAudit(DeliveryLatency.QUEUE);
    long longestRelayStopNanos;
    private final String brokerPassword;

    private HubUnderTest(Settings settings, ConfigurableApplicationContext context, String brokerPassword,
            int brokerPort, Path dataDirectory) {
        this.settings = settings;
        this.context = context;
        this.brokerPassword = brokerPassword;
        this.brokerPort = brokerPort;
        this.dataDirectory = dataDirectory;
        this.dataSource = context.getBean(DataSource.class);
        this.camel = context.getBean(CamelContext.class);
        this.outbox = context.getBean(OutboxProperties.class);
        this.broker = context.getBean(EmbeddedActiveMQ.class).getActiveMQServer();
        this.httpPort = ((WebServerApplicationContext) context).getWebServer().getPort();
        this.hikariPoolSize = context.getEnvironment().getProperty("spring.datasource.hikari.maximum-pool-size",
                Integer.class, 10);
        this.broker.registerBrokerPlugin(relayQueueAudit);
        this.broker.registerBrokerPlugin(latencyQueueAudit);
        if (!settings.experimentOutboxPropagation().isBlank()) {
            // EXPERIMENT: the template is shared by the policy and the transaction error handlers built from it
            outboxPolicy()
                    .getTransactionTemplate().setPropagationBehaviorName("PROPAGATION_"
                            + settings.experimentOutboxPropagation().toUpperCase(java.util.Locale.ROOT));
        }
        OutboxRelays relays = context.getBean(OutboxRelays.class);
        if (relays.relays().stream().anyMatch(OutboxRelay::isActive)) {
            throw new IllegalStateException("the application's own relay runs although hub.outbox.relay-enabled=false");
        }
    }

    static HubUnderTest start(Settings settings, Path workDirectory) throws Exception {
        return start(settings, workDirectory, List.of());
    }

    /** @param extraArguments more application arguments, e.g. the relay to run ({@code --hub.outbox.relay=...}) */
    static HubUnderTest start(Settings settings, Path workDirectory, List<String> extraArguments) throws Exception {
        return start(settings, workDirectory, extraArguments, List.of());
    }

    /** @param extraSources the benchmark's own beans added to order-app's context (e.g. {@link IntakePeer}) */
    static HubUnderTest start(Settings settings, Path workDirectory, List<String> extraArguments,
            List<Class<?>> extraSources) throws Exception {
        ensureDatabase(settings.dbUrl(), settings.dbUser(), settings.dbPassword());
        String brokerPassword = secret();
        String adminPassword = secret();
        int brokerPort = settings.brokerPort() == 0 ? freePort() : settings.brokerPort();
        Path dataDirectory = workDirectory.resolve("bench-artemis").resolve(String.valueOf(System.currentTimeMillis()));
        deleteTree(workDirectory.resolve("bench-artemis")); // journals of earlier runs
        int id = settings.inVmId();

        List<String> args = new ArrayList<>(List.of(
                "--spring.application.name=order-app",
                "--server.port=0",
                "--spring.datasource.url=" + settings.dbUrl(),
                "--spring.datasource.username=" + settings.dbUser(),
                "--spring.datasource.password=" + settings.dbPassword(),
                "--hub.broker.url=vm://" + id,
                "--hub.broker.privileged-client-user=" + BROKER_USER,
                "--hub.broker.privileged-client-password=" + brokerPassword,
                "--hub.broker.embedded.enabled=true",
                "--hub.broker.embedded.name=hub-bench",
                "--hub.broker.embedded.in-vm-id=" + id,
                "--hub.broker.embedded.host=127.0.0.1",
                "--hub.broker.embedded.port=" + brokerPort,
                // the gRPC server of order-app: never the 9290 a running hub may hold
                "--hub.order-app.grpc.port=" + GrpcPort.free(),
                "--hub.broker.embedded.data-directory=" + dataDirectory,
                // fills the operator entry of hub.broker.embedded.users in config/application.yml
                "--HUB_BROKER_ADMIN_PASSWORD=" + adminPassword,
                "--hub.security.admin-password=" + adminPassword,
                "--hub.outbox.relay-enabled=false",
                // no partner answers here: without this, every order's saga re-sends its commands after 30 s, and
                // those re-sends (outbox and saga_step rows, deadline scans) ran inside phase 2's measurement
                "--hub.order-app.saga.deadline=1h",
                // order-app runs alone here: seed its restaurant replica (r-ajanta) instead of restaurant.events
                "--hub.order-app.demo-data=true",
                "--camel.main.jmx-management-name-pattern=hub-bench",
                "--spring.main.banner-mode=off"));
        if (!settings.verbose()) {
            args.addAll(List.of("--logging.level.root=WARN", "--logging.level.org.apache.activemq.artemis.core.server=WARN",
                    "--logging.level.org.apache.camel.impl.engine=WARN", "--logging.level.io.integrationhub=WARN"));
        }
        args.addAll(extraArguments);
        ConfigurableApplicationContext context = new SpringApplicationBuilder(OrderApplication.class)
                .sources(extraSources.toArray(Class<?>[]::new))
                .web(WebApplicationType.SERVLET)
                .logStartupInfo(settings.verbose())
                .run(args.toArray(String[]::new));
        return new HubUnderTest(settings, context, brokerPassword, brokerPort, dataDirectory);
    }

    // ---- database

    /**
     * Empties the orders (and every table that references them) and the outbox of the benchmark database (never
     * another database); the restaurant replica stays.
     */
    void resetTables() throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.execute("truncate orders.outbox, orders.orders cascade");
            s.execute("vacuum analyze orders.outbox");
            s.execute("vacuum analyze orders.orders");
        }
    }

    void clearOutbox() throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.execute("truncate orders.outbox");
            s.execute("vacuum analyze orders.outbox");
        }
    }

    void analyzeOutbox() throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.execute("analyze orders.outbox");
        }
    }

    /** Row count of every table of the orders schema except the migration histories. */
    java.util.Map<String, Long> rowCounts() throws SQLException {
        java.util.Map<String, Long> counts = new java.util.TreeMap<>();
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            List<String> tables = new ArrayList<>();
            try (ResultSet rs = s.executeQuery("select tablename from pg_tables where schemaname = '" + SCHEMA
                    + "' and tablename not like '%schema_history'")) {
                while (rs.next()) {
                    tables.add(rs.getString(1));
                }
            }
            for (String table : tables) {
                try (ResultSet rs = s.executeQuery("select count(*) from " + SCHEMA + ".\"" + table + "\"")) {
                    rs.next();
                    counts.put(table, rs.getLong(1));
                }
            }
        }
        return counts;
    }

    long backlog() throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("select count(*) from orders.outbox where published_at is null")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    String postgresVersion() throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("select current_setting('server_version'), "
                        + "current_setting('synchronous_commit'), current_setting('fsync')")) {
            rs.next();
            return "PostgreSQL " + rs.getString(1) + " (synchronous_commit=" + rs.getString(2) + ", fsync="
                    + rs.getString(3) + ")";
        }
    }

    /**
     * The application's own relay of the orders outbox (its publisher route claims and marks rows only through the
     * session of this relay's advisory lock, so no other relay object can drive it).
     */
    OutboxRelay relay() {
        return context.getBean(OutboxRelays.class).relay(SCHEMA);
    }

    /**
     * Starts the relay and waits until it holds the advisory lock.
     *
     * @return nanoseconds until it was active
     */
    long startRelayAndAwaitActive(Duration timeout) throws Exception {
        OutboxRelay relay = relay();
        long start = System.nanoTime();
        relay.start();
        long deadline = start + timeout.toNanos();
        while (!relay.isActive()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the relay did not take its advisory lock within " + timeout
                        + "; advisory locks held in " + SCHEMA + "'s database: " + advisoryLocks());
            }
            Thread.sleep(1);
        }
        return System.nanoTime() - start;
    }

    /** order-app's outbox transaction policy (bound in Camel's registry by OutboxRoutes, one per JMS component). */
    private SpringTransactionPolicy outboxPolicy() {
        String component = context.getEnvironment().getRequiredProperty("hub.order-app.jms-component");
        return camel.getRegistry().lookupByNameAndType(OutboxConfiguration.jmsTransactionPolicy(component),
                SpringTransactionPolicy.class);
    }

    /** The propagation the relay's JMS transaction policy runs with (PROPAGATION_REQUIRES_NEW as shipped). */
    String outboxPropagation() {
        int behaviour = outboxPolicy()
                .getTransactionTemplate().getPropagationBehavior();
        return switch (behaviour) {
            case 0 -> "REQUIRED";
            case 3 -> "REQUIRES_NEW";
            default -> String.valueOf(behaviour);
        };
    }

    /** Stops the relay; @return how long stop() took. */
    long stopRelay() {
        long start = System.nanoTime();
        relay().stop();
        long took = System.nanoTime() - start;
        longestRelayStopNanos = Math.max(longestRelayStopNanos, took);
        return took;
    }

    /** Sessions holding an advisory lock and what they did last: evidence when a relay cannot become active. */
    String advisoryLocks() throws SQLException {
        StringBuilder out = new StringBuilder();
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("select l.pid, l.pid = pg_backend_pid() from pg_locks l where l.locktype = 'advisory' and l.granted and l.database = "
                        + "(select oid from pg_database where datname = current_database())")) {
            while (rs.next()) {
                out.append(out.length() == 0 ? "" : "; ").append("backend pid ").append(rs.getInt(1))
                        .append(rs.getBoolean(2) ? " = the app's pooled connection that this check itself borrowed "
                                + "from Hikari" : " (another session)");
            }
        }
        return out.length() == 0 ? "none" : out.toString();
    }

    // ---- broker

    /**
     * The same in-VM transport as the application's JMS connection factory, without its pool, as the privileged
     * client {@code hub} (the relay itself sends as order-app's user; the broker does the same work for either).
     */
    ConnectionFactory jmsConnectionFactory() {
        return new ActiveMQConnectionFactory("vm://" + settings.inVmId(), BROKER_USER, brokerPassword);
    }

    void createQueue(String name) throws Exception {
        broker.createQueue(QueueConfiguration.of(name).setAddress(name).setRoutingType(RoutingType.ANYCAST)
                .setDurable(true), true);
    }

    long queueDepth(String name) {
        Queue queue = broker.locateQueue(name);
        return queue == null ? 0 : queue.getMessageCount();
    }

    int purge(String name) throws Exception {
        Queue queue = broker.locateQueue(name);
        return queue == null ? 0 : queue.deleteAllReferences();
    }

    /** Size in the journal and durability of the first message on a queue, or null if it is empty. */
    String firstMessageFacts(String name) {
        Queue queue = broker.locateQueue(name);
        if (queue == null) {
            return null;
        }
        try (LinkedListIterator<MessageReference> it = queue.browserIterator()) {
            if (!it.hasNext()) {
                return null;
            }
            var message = it.next().getMessage();
            return message.getPersistentSize() + " B " + (message.isDurable() ? "durable" : "NON-DURABLE");
        } catch (Exception e) {
            return "?";
        }
    }

    @Override
    public void close() {
        context.close();
        deleteTree(dataDirectory);
    }

    // ---- helpers

    /** Creates the benchmark's own database if missing; refuses the user's and the tests' databases. */
    static void ensureDatabase(String url, String user, String password) throws SQLException {
        int slash = url.lastIndexOf('/');
        String name = url.substring(slash + 1).replaceAll("\\?.*", "");
        if (name.equals("postgres") || name.equals("hub_test") || !name.matches("[a-z_][a-z0-9_]*")) {
            throw new IllegalArgumentException("refusing to benchmark in database '" + name
                    + "': use a database of its own (default hub_bench)");
        }
        // the maintenance database is only used to create ours if missing
        String adminUrl = url.substring(0, slash + 1) + "postgres";
        try (Connection connection = DriverManager.getConnection(adminUrl, user, password);
                PreparedStatement exists = connection.prepareStatement("select 1 from pg_database where datname = ?")) {
            exists.setString(1, name);
            try (ResultSet rs = exists.executeQuery()) {
                if (rs.next()) {
                    return;
                }
            }
            try (Statement create = connection.createStatement()) {
                create.execute("create database " + name);
                System.out.println("created database " + name);
            }
        }
    }

    private static String secret() {
        byte[] bytes = new byte[16];
        new SecureRandom().nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** {@code benchmarks/target/<name>/<now>} for a benchmark's broker journal, journals of earlier runs deleted. */
    static Path freshDataDirectory(String name) {
        Path parent = Path.of("benchmarks", "target", name);
        deleteTree(parent);
        return parent.resolve(String.valueOf(System.currentTimeMillis()));
    }

    private static void deleteTree(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // leftovers under target/ are harmless
        }
    }
}
