package io.integrationhub.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Registered for every Spring test context (META-INF/spring.factories of this test-only module):
 * <ul>
 * <li>the database is {@code hub_test} on the developer's PostgreSQL (or, when none answers on 127.0.0.1:5432, on an
 * embedded one: {@link TestDatabase}), never the user's {@code postgres} database — override with HUB_TEST_DB_URL. A database whose name starts with {@code hub_test} is dropped and created afresh
 * when a test JVM first uses it, so no run depends on what an earlier run (or a killed test JVM still holding
 * connections and locks) left behind;</li>
 * <li>each context's embedded broker gets its own in-VM id, TCP port, name and journal folder, so several cached
 * contexts can live in one JVM.</li>
 * </ul>
 */
public class IsolatedTestInfrastructure implements ApplicationContextInitializer<ConfigurableApplicationContext> {

    /** HUB_TEST_DB_URL, else the local PostgreSQL, else an embedded one (see {@link TestDatabase}). */
    public static final String TEST_DB_URL = TestDatabase.url();
    public static final String TEST_DB_USER = System.getenv().getOrDefault("HUB_TEST_DB_USER", "postgres");
    public static final String TEST_DB_PASSWORD = System.getenv().getOrDefault("HUB_TEST_DB_PASSWORD", "");

    private static final AtomicInteger brokers = new AtomicInteger(100);
    private static boolean databaseFresh;
    private static final List<Path> dataDirectories = new ArrayList<>();
    private static final Set<Integer> handedOut = new HashSet<>();
    private static final Random random = new Random();

    @Override
    public void initialize(ConfigurableApplicationContext context) {
        ConfigurableEnvironment environment = context.getEnvironment();
        // artemis/broker.xml reads ${hub.broker.redelivery-delay-ms:1000} from system properties: tests that wait for
        // a dead letter should not wait 1 + 2 + 4 + 8 seconds
        System.setProperty("hub.broker.redelivery-delay-ms", System.getProperty("hub.broker.redelivery-delay-ms", "50"));
        int id = brokers.incrementAndGet();
        Map<String, Object> properties = new HashMap<>();
        // a test about the database itself (e.g. an unreachable one) sets hub.test.datasource-override=false
        if (environment.getProperty("hub.test.datasource-override", Boolean.class, true)) {
            ensureDatabaseExists();
            properties.put("spring.datasource.url", TEST_DB_URL);
            properties.put("spring.datasource.username", TEST_DB_USER);
            properties.put("spring.datasource.password", TEST_DB_PASSWORD);
        }
        // a second "instance" that connects to another context's broker sets hub.test.broker-override=false
        if (environment.getProperty("hub.test.broker-override", Boolean.class, true)) {
            properties.put("hub.broker.url", "vm://" + id);
            properties.put("hub.broker.embedded.in-vm-id", id);
            properties.put("hub.broker.embedded.name", "hub-test-" + id);
            properties.put("hub.broker.embedded.port", freePort());
            String dataDirectory = "target/artemis-test/" + UUID.randomUUID();
            properties.put("hub.broker.embedded.data-directory", dataDirectory);
            deleteAtExit(Path.of(dataDirectory));
        }
        // simulated legacy systems (partner-adapters): free ports, never the defaults a running hub uses
        properties.put("hub.legacy.accounting-ports", freePort() + "," + freePort());
        int profiles0 = freePort();
        int profiles1 = freePort();
        properties.put("hub.legacy.consumer-profiles-ports", profiles0 + "," + profiles1);
        // order-app's gRPC server (ConsumerQuery), never the default port a running hub uses
        properties.put("hub.order-app.grpc.port", freePort());
        properties.put("hub.order-app.legacy.consumer-profiles.instances",
                "http://127.0.0.1:" + profiles0 + "/legacy/consumer-profiles,"
                        + "http://127.0.0.1:" + profiles1 + "/legacy/consumer-profiles");
        environment.getPropertySources().addFirst(new MapPropertySource("isolated-test-infrastructure", properties));
    }

    /**
     * Journals of test brokers are of no use after the run, and a build leaves one per test context: delete them when
     * the JVM exits (the cached contexts, and with them the brokers, are closed by then or about to be).
     */
    private static synchronized void deleteAtExit(Path dataDirectory) {
        if (dataDirectories.isEmpty()) {
            Runtime.getRuntime().addShutdownHook(new Thread(() -> dataDirectories.forEach(
                    IsolatedTestInfrastructure::deleteTree), "delete-test-broker-journals"));
        }
        dataDirectories.add(dataDirectory);
    }

    private static void deleteTree(Path root) {
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException | UncheckedIOException e) {
            // best effort: it is under target/
        }
    }

    /**
     * Creates the test database on first use (PostgreSQL has no CREATE DATABASE IF NOT EXISTS); a {@code hub_test*}
     * database is recreated once per JVM.
     */
    public static synchronized void ensureDatabaseExists() {
        int slash = TEST_DB_URL.lastIndexOf('/');
        String name = TEST_DB_URL.substring(slash + 1).replaceAll("\\?.*", "");
        String adminUrl = TEST_DB_URL.substring(0, slash + 1) + "postgres";
        try (Connection connection = DriverManager.getConnection(adminUrl, TEST_DB_USER, TEST_DB_PASSWORD);
                PreparedStatement exists = connection.prepareStatement("select 1 from pg_database where datname = ?")) {
            if (!databaseFresh && name.matches("hub_test[a-z0-9_]*")) {
                dropReplicationSlots(connection, name);
                try (Statement drop = connection.createStatement()) {
                    // FORCE (PostgreSQL 13+) ends the sessions of a test JVM that was killed mid-run
                    drop.execute("drop database if exists " + name + " with (force)");
                }
                databaseFresh = true;
            }
            exists.setString(1, name);
            try (ResultSet rs = exists.executeQuery()) {
                if (rs.next()) {
                    return;
                }
            }
            if (!name.matches("[a-z_][a-z0-9_]*")) {
                throw new IllegalStateException("refusing to create a database named " + name);
            }
            try (Statement create = connection.createStatement()) {
                create.execute("create database " + name);
            }
        } catch (SQLException e) {
            if ("42P04".equals(e.getSQLState())) {
                return; // created concurrently by another test JVM
            }
            throw new IllegalStateException("Tests need PostgreSQL at " + adminUrl + ": " + e.getMessage(), e);
        }
    }

    /**
     * A database of its own beside the test database ({@code <test database>_<suffix>}), created afresh once per JVM,
     * for a context that must not share the services' tables (and advisory locks) with the cached ones.
     *
     * @return its JDBC URL
     */
    public static synchronized String freshDatabase(String suffix) {
        if (!suffix.matches("[a-z0-9_]+")) {
            throw new IllegalArgumentException("not a plain suffix: " + suffix);
        }
        int slash = TEST_DB_URL.lastIndexOf('/');
        String query = TEST_DB_URL.contains("?") ? TEST_DB_URL.substring(TEST_DB_URL.indexOf('?')) : "";
        String name = TEST_DB_URL.substring(slash + 1).replaceAll("\\?.*", "") + "_" + suffix;
        String adminUrl = TEST_DB_URL.substring(0, slash + 1) + "postgres";
        if (!name.matches("[a-z_][a-z0-9_]*")) {
            throw new IllegalStateException("refusing to create a database named " + name);
        }
        if (freshDatabases.add(name)) {
            try (Connection connection = DriverManager.getConnection(adminUrl, TEST_DB_USER, TEST_DB_PASSWORD);
                    Statement statement = connection.createStatement()) {
                dropReplicationSlots(connection, name);
                statement.execute("drop database if exists " + name + " with (force)");
                statement.execute("create database " + name);
            } catch (SQLException e) {
                throw new IllegalStateException("could not create the test database " + name + ": " + e.getMessage(), e);
            }
        }
        return TEST_DB_URL.substring(0, slash + 1) + name + query;
    }

    private static final Set<String> freshDatabases = new HashSet<>();

    /**
     * Replication slots of the log-tailing relay's tests left by a killed test JVM: they would retain the shared
     * server's WAL forever, and PostgreSQL refuses to drop a database that still has one.
     */
    private static void dropReplicationSlots(Connection connection, String database) throws SQLException {
        try (PreparedStatement slots = connection.prepareStatement("select pg_terminate_backend(active_pid) from "
                + "pg_replication_slots where database = ? and active_pid is not null")) {
            slots.setString(1, database);
            slots.execute();
        }
        for (int attempt = 0; attempt < 50; attempt++) {
            try (PreparedStatement drop = connection.prepareStatement("select pg_drop_replication_slot(slot_name) "
                    + "from pg_replication_slots where database = ?")) {
                drop.setString(1, database);
                drop.execute();
                return;
            } catch (SQLException stillActive) {
                try {
                    Thread.sleep(100); // a terminated walsender lets go of its slot a moment later
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    /**
     * A port nobody listens on, below Linux's ephemeral range (32768+): a port the kernel handed out for "any port" could
     * be handed out again — to Tomcat's port 0 or to an outgoing connection's local port — before we bind it.
     */
    public static synchronized int freePort() {
        for (int attempt = 0; attempt < 200; attempt++) {
            int candidate = 20_000 + random.nextInt(12_000);
            if (!handedOut.add(candidate)) {
                continue;
            }
            try (ServerSocket socket = new ServerSocket(candidate)) {
                return candidate;
            } catch (IOException taken) {
                // someone listens there; try another
            }
        }
        throw new UncheckedIOException(new IOException("no free port found in 20000-31999"));
    }
}
