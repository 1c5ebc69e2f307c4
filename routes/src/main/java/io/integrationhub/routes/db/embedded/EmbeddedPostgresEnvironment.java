package io.integrationhub.routes.db.embedded;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;

import org.apache.commons.logging.Log;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.boot.logging.DeferredLogFactory;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.util.ClassUtils;

/**
 * Decides, before the context exists, whether this run uses an embedded PostgreSQL ({@code hub.database.mode}):
 * <ul>
 * <li>{@code external}: the configured database, always (distributed, compose, production);</li>
 * <li>{@code embedded}: the embedded one, always ({@code HUB_DB=embedded});</li>
 * <li>{@code auto} (embedded profile): the configured or reachable database wins — the embedded one only when
 * {@code DB_URL} is not set and nothing answers at the default URL's host and port.</li>
 * </ul>
 * When it is embedded, this points {@code spring.datasource.*} at it (database {@code hub} on a loopback port) and
 * sets {@code hub.database.embedded.active}; {@link EmbeddedPostgresConfiguration} then starts the server before the
 * DataSource is created. The decision is made here because the DataSource's URL must be known when it is bound.
 */
public class EmbeddedPostgresEnvironment implements EnvironmentPostProcessor, Ordered {

    static final String ACTIVE = "hub.database.embedded.active";
    static final String PORT = "hub.database.embedded.port";
    static final String DATABASE = "hub";
    static final String USER = "postgres";

    private final Log log;

    public EmbeddedPostgresEnvironment(DeferredLogFactory logs) {
        this.log = logs.getLog(EmbeddedPostgresEnvironment.class);
    }

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        String mode = environment.getProperty("hub.database.mode", "external").trim().toLowerCase();
        boolean embedded = switch (mode) {
            case "embedded" -> true;
            case "external" -> false;
            case "auto" -> !environment.containsProperty("DB_URL")
                    && !answers(environment.getProperty("spring.datasource.url", ""));
            default -> throw new IllegalStateException(
                    "hub.database.mode (HUB_DB) is '" + mode + "'; use auto, embedded or external");
        };
        if (!embedded) {
            return;
        }
        if (!ClassUtils.isPresent("io.zonky.test.db.postgres.embedded.EmbeddedPostgres", getClass().getClassLoader())) {
            throw new IllegalStateException("hub.database.mode is embedded, but this application does not bring the "
                    + "embedded PostgreSQL (run the hub-embedded launcher, or configure DB_URL)");
        }
        int port = port(environment.getProperty(PORT, Integer.class, 15432));
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put(ACTIVE, true);
        properties.put(PORT, port);
        properties.put("spring.datasource.url", "jdbc:postgresql://127.0.0.1:" + port + "/" + DATABASE);
        properties.put("spring.datasource.username", USER);
        properties.put("spring.datasource.password", "");
        environment.getPropertySources().addFirst(new MapPropertySource("hub-embedded-postgres", properties));
        log.info((mode.equals("auto") ? "No PostgreSQL configured (DB_URL) or answering at the default address"
                : "hub.database.mode=embedded") + ": using an embedded PostgreSQL on 127.0.0.1:" + port);
    }

    /** True when something accepts TCP connections at the URL's host and port (within half a second). */
    static boolean answers(String jdbcUrl) {
        if (!jdbcUrl.startsWith("jdbc:postgresql://")) {
            return true; // not a URL we can probe: leave it to the driver and its clear failure
        }
        URI uri = URI.create(jdbcUrl.substring("jdbc:".length()));
        String host = uri.getHost() == null ? "localhost" : uri.getHost();
        int port = uri.getPort() < 0 ? 5432 : uri.getPort();
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** The preferred port when it is free on loopback, else any free one. */
    private static int port(int preferred) {
        for (int candidate : new int[] { preferred, 0 }) {
            try (ServerSocket socket = new ServerSocket(candidate, 1, InetAddress.getLoopbackAddress())) {
                return socket.getLocalPort();
            } catch (IOException taken) {
                // try the next
            }
        }
        throw new IllegalStateException("no free loopback port for the embedded PostgreSQL");
    }

    @Override
    public int getOrder() {
        // after the config data (application*.yml, profiles) is loaded
        return Ordered.LOWEST_PRECEDENCE;
    }
}
