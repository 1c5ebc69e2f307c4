package io.integrationhub.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import io.integrationhub.routes.db.embedded.EmbeddedPostgresServer;
import io.integrationhub.testsupport.IsolatedTestInfrastructure;

/**
 * Embedded mode's PostgreSQL keeps what it committed when the hub is killed with -9: with its postmaster left running
 * (pg_ctl daemonises it, so it outlives the JVM) and with the postmaster killed too, as in a power cut.
 */
class EmbeddedPostgresRecoveryTest {

    private final Path data = Path.of("target", "embedded-postgres-recovery", UUID.randomUUID().toString())
            .toAbsolutePath();

    @Test
    void shouldKeepCommittedRowsWhenTheHubIsKilledAndItsPostgresIsLeftRunning() throws Exception {
        int port = IsolatedTestInfrastructure.freePort();
        long postmaster = commitInChildThenKillIt(port, "order-1");
        assertThat(ProcessHandle.of(postmaster).map(ProcessHandle::isAlive)).contains(true);

        try (EmbeddedPostgresServer restarted = EmbeddedPostgresServer.start(data, port, "hub")) {
            assertThat(ProcessHandle.of(postmaster).map(ProcessHandle::isAlive).orElse(false)).isFalse();
            assertThat(accepted(port)).containsExactly("order-1");
        }
    }

    @Test
    void shouldRecoverCommittedRowsWhenTheHubAndItsPostgresAreKilled() throws Exception {
        int port = IsolatedTestInfrastructure.freePort();
        long postmaster = commitInChildThenKillIt(port, "order-2");
        killTree(postmaster); // no shutdown checkpoint: the next start replays the WAL

        try (EmbeddedPostgresServer restarted = EmbeddedPostgresServer.start(data, port, "hub")) {
            assertThat(accepted(port)).containsExactly("order-2");
        }
    }

    /** Starts the server in a child JVM, waits for its commit, kills the JVM with SIGKILL; returns the postmaster. */
    private long commitInChildThenKillIt(int port, String value) throws Exception {
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("java.class.path"), EmbeddedPostgresChild.class.getName(), data.toString(),
                String.valueOf(port), value).redirectErrorStream(true).start();
        long postmaster = -1;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(),
                StandardCharsets.UTF_8))) {
            List<String> seen = new ArrayList<>();
            for (String line = out.readLine(); line != null; line = out.readLine()) {
                if (line.startsWith("COMMITTED ")) {
                    postmaster = Long.parseLong(line.substring("COMMITTED ".length()).trim());
                    break;
                }
                seen.add(line);
            }
            assertThat(postmaster).as("child output: %s", seen).isPositive();
            child.destroyForcibly(); // SIGKILL: no shutdown hook, no graceful close
            assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
        }
        return postmaster;
    }

    private static void killTree(long pid) {
        ProcessHandle.of(pid).ifPresent(postmaster -> {
            List<ProcessHandle> all = new ArrayList<>(postmaster.descendants().toList());
            all.add(0, postmaster);
            all.forEach(ProcessHandle::destroyForcibly);
            all.forEach(p -> p.onExit().orTimeout(Duration.ofSeconds(30).toSeconds(), TimeUnit.SECONDS).join());
        });
    }

    private static List<String> accepted(int port) throws Exception {
        try (Connection connection = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port + "/hub",
                "postgres", ""); Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("select value from accepted order by value")) {
            List<String> values = new ArrayList<>();
            while (rs.next()) {
                values.add(rs.getString(1));
            }
            return values;
        }
    }
}
