package io.integrationhub.partners;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;

/**
 * A start that fails late — here on a routes folder that does not exist, after the simulated legacy systems began to
 * listen — gives back everything it took: their ports are free and none of their (non-daemon) server threads is left
 * to keep a process alive that has logged "Application run failed". Seen once: such a service never exited.
 */
class FailedStartTest {

    @Test
    void shouldFreeTheLegacyPortsAndThreadsWhenTheStartFails() throws Exception {
        int accounting0 = freePort();
        int accounting1 = freePort();
        int profiles = freePort();
        SpringApplicationBuilder app = new SpringApplicationBuilder(PartnerAdaptersApplication.class).profiles("test");
        String[] args = { "--server.port=0", "--hub.legacy.accounting-ports=" + accounting0 + "," + accounting1,
                "--hub.legacy.consumer-profiles-ports=" + profiles,
                "--hub.partner-adapters.routes-location=file:/nonexistent/hub-routes" };

        // other test classes' cached contexts in this JVM run simulators of their own: only new threads count
        Set<Thread> before = dispatchers();
        assertThatThrownBy(() -> app.run(args).close()).hasStackTraceContaining("/nonexistent/hub-routes does not exist; set PARTNER_ADAPTERS_ROUTES");

        for (int port : List.of(accounting0, accounting1, profiles)) {
            try (ServerSocket again = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
                assertThat(again.isBound()).as("port %d free again", port).isTrue();
            }
        }
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(dispatchers()).isSubsetOf(before));
    }

    /** The JDK HTTP servers' dispatcher threads: not daemons, so each one keeps the JVM alive. */
    private static Set<Thread> dispatchers() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(thread -> thread.getName().equals("HTTP-Dispatcher") && !thread.isDaemon())
                .collect(Collectors.toSet());
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
