package io.integrationhub.embedded;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;

import io.integrationhub.routes.db.embedded.EmbeddedPostgresServer;

/**
 * Run in a child JVM by {@link EmbeddedPostgresRecoveryTest}: starts the embedded PostgreSQL on a data folder,
 * commits one row, says so on stdout, then waits to be killed.
 */
public final class EmbeddedPostgresChild {

    private EmbeddedPostgresChild() {
    }

    public static void main(String[] args) throws Exception {
        Path data = Path.of(args[0]);
        int port = Integer.parseInt(args[1]);
        String value = args[2];
        EmbeddedPostgresServer server = EmbeddedPostgresServer.start(data, port, "hub");
        try (Connection connection = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port + "/hub",
                "postgres", ""); Statement statement = connection.createStatement();
                PreparedStatement insert = connection.prepareStatement("insert into accepted values (?)")) {
            statement.execute("create table if not exists accepted (value text primary key)");
            insert.setString(1, value);
            insert.executeUpdate(); // autocommit: committed when it returns
        }
        System.out.println("COMMITTED " + server.postmasterPid().orElseThrow());
        System.out.flush();
        Thread.currentThread().join(); // until killed
    }
}
