package io.integrationhub.routes.db.embedded;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * A real PostgreSQL (zonky's packaging of the official binaries, from Maven Central) whose data lives in a folder that
 * survives restarts. Three things differ from zonky's test-oriented defaults, on purpose:
 * <ul>
 * <li>{@code fsync} and {@code synchronous_commit} are on (zonky passes {@code -F} and sets synchronous_commit off, for
 * fast throw-away test databases): an accepted order must survive a crash, as with any database — the recovery test
 * lost a committed row with zonky's setting;</li>
 * <li>the data folder is kept, and initialised only when it has no cluster yet;</li>
 * <li>a postmaster left running by a hub that was killed with -9 (pg_ctl daemonises it, so it outlives the JVM) is
 * stopped first — otherwise the new one refuses the data folder; after a crash of the postmaster itself, PostgreSQL's
 * own crash recovery replays the WAL at the next start.</li>
 * </ul>
 */
public class EmbeddedPostgresServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedPostgresServer.class);
    private static final Duration ORPHAN_STOP_WAIT = Duration.ofSeconds(30);

    private final EmbeddedPostgres postgres;
    private final Path dataDirectory;

    private EmbeddedPostgresServer(EmbeddedPostgres postgres, Path dataDirectory) {
        this.postgres = postgres;
        this.dataDirectory = dataDirectory;
    }

    /** Starts PostgreSQL on 127.0.0.1:port with its data in the folder, and creates the database if it is missing. */
    public static EmbeddedPostgresServer start(Path dataDirectory, int port, String database) throws IOException {
        Path data = dataDirectory.toAbsolutePath().normalize();
        Files.createDirectories(data);
        stopOrphanedPostmaster(data);
        EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                .setDataDirectory(data)
                .setCleanDataDirectory(false)
                .setPort(port)
                .setServerConfig("listen_addresses", "127.0.0.1")
                .setServerConfig("fsync", "on")
                .setServerConfig("synchronous_commit", "on")
                .setServerConfig("max_connections", "100")
                // the log-tailing outbox relay (hub.outbox.relay: log-tailing) reads the WAL through a slot
                .setServerConfig("wal_level", "logical")
                // Spring closes the DataSource first, then this; a JVM shutdown hook would race the context's own
                .setRegisterShutdownHook(false)
                .setPGStartupWait(Duration.ofSeconds(60))
                .start();
        EmbeddedPostgresServer server = new EmbeddedPostgresServer(postgres, data);
        server.createDatabase(database);
        return server;
    }

    public int port() {
        return postgres.getPort();
    }

    public Path dataDirectory() {
        return dataDirectory;
    }

    /** PID of the running postmaster, as recorded in its data folder. */
    public Optional<Long> postmasterPid() {
        return postmasterPid(dataDirectory);
    }

    private void createDatabase(String database) throws IOException {
        if (!database.matches("[a-z_][a-z0-9_]*")) {
            throw new IllegalArgumentException("not a plain database name: " + database);
        }
        try (Connection connection = postgres.getPostgresDatabase().getConnection();
                PreparedStatement exists = connection.prepareStatement("select 1 from pg_database where datname = ?")) {
            exists.setString(1, database);
            try (ResultSet rs = exists.executeQuery()) {
                if (rs.next()) {
                    return;
                }
            }
            try (Statement create = connection.createStatement()) {
                create.execute("create database " + database); // checked above: a plain identifier
            }
        } catch (SQLException e) {
            throw new IOException("could not create database " + database + " in the embedded PostgreSQL", e);
        }
    }

    /**
     * A hub killed with -9 leaves its postmaster running on the data folder. Stop it (SIGTERM: PostgreSQL's smart
     * shutdown, its clients are gone with the JVM) so that this start can take the folder; SIGKILL only if it hangs,
     * which PostgreSQL's crash recovery then handles.
     */
    static void stopOrphanedPostmaster(Path data) {
        Optional<ProcessHandle> orphan = postmasterPid(data).flatMap(ProcessHandle::of)
                .filter(ProcessHandle::isAlive)
                .filter(p -> p.info().command().map(c -> c.contains("postgres")).orElse(true));
        if (orphan.isEmpty()) {
            return;
        }
        ProcessHandle postmaster = orphan.get();
        log.warn("A PostgreSQL left running by an earlier hub (pid {}) still holds {}; stopping it", postmaster.pid(),
                data);
        postmaster.destroy();
        try {
            postmaster.onExit().get(ORPHAN_STOP_WAIT.toSeconds(), TimeUnit.SECONDS);
        } catch (Exception notYet) {
            postmaster.destroyForcibly();
            postmaster.onExit().join();
        }
    }

    private static Optional<Long> postmasterPid(Path data) {
        Path pidFile = data.resolve("postmaster.pid");
        try {
            if (!Files.exists(pidFile)) {
                return Optional.empty();
            }
            String first = Files.readAllLines(pidFile, StandardCharsets.UTF_8).stream().findFirst().orElse("").trim();
            return first.matches("\\d+") ? Optional.of(Long.parseLong(first)) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** Fast shutdown (zonky's pg_ctl stop -m fast): open transactions roll back, committed ones are on disk. */
    @Override
    public void close() throws IOException {
        postgres.close();
        log.info("Embedded PostgreSQL stopped (data kept in {})", dataDirectory);
    }
}
