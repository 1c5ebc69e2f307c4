package io.integrationhub.partners.legacy;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * One instance of a simulated legacy system on its own port, with injected faults. The JDK's HTTP server is enough
 * for a simulator and, unlike the application's web server, can be closed and reopened per port, which is what
 * "down" (connection refused) needs.
 */
final class LegacyInstance {

    /** A legacy API: answers one request (status and JSON body), given the instance's fault mode. */
    interface Api {
        Response handle(String method, String path, String query, String body, FaultMode mode) throws Exception;
    }

    record Response(int status, String json) {
    }

    private static final Logger log = LoggerFactory.getLogger(LegacyInstance.class);

    private final String system;
    private final int number;
    private final String host;
    private final int port;
    private final String pathPrefix;
    private final Api api;
    private volatile FaultMode mode = FaultMode.NORMAL;
    private HttpServer server;

    LegacyInstance(String system, int number, String host, int port, String pathPrefix, Api api) {
        this.system = system;
        this.number = number;
        this.host = host;
        this.port = port;
        this.pathPrefix = pathPrefix;
        this.api = api;
    }

    synchronized void start() {
        if (server != null) {
            return;
        }
        try {
            server = HttpServer.create(new InetSocketAddress(host, port), 50);
        } catch (IOException e) {
            throw new UncheckedIOException("legacy " + system + " instance " + number + " cannot listen on " + host + ":"
                    + port, e);
        }
        server.createContext(pathPrefix, this::serve);
        server.setExecutor(Executors.newFixedThreadPool(16, r -> {
            Thread t = new Thread(r, "legacy-" + system + "-" + number);
            t.setDaemon(true);
            return t;
        }));
        server.start();
        log.info("Simulated legacy {} instance {} listening on http://{}:{}{}", system, number, host, port, pathPrefix);
    }

    synchronized void stop() {
        if (server != null) {
            server.stop(0);
            server = null;
        }
    }

    synchronized FaultMode mode(FaultMode next) {
        mode = next;
        if (next.mode().equals("down")) {
            stop();
        } else {
            start();
        }
        log.info("Simulated legacy {} instance {} is now {}", system, number, next);
        return mode;
    }

    FaultMode mode() {
        return mode;
    }

    int port() {
        return port;
    }

    private void serve(HttpExchange exchange) throws IOException {
        try (exchange) {
            FaultMode current = mode;
            if (current.latencyMs() > 0) {
                Thread.sleep(current.latencyMs());
            }
            Response response;
            if (current.mode().equals("failing") && ThreadLocalRandom.current().nextDouble() < current.errorRate()) {
                response = new Response(503, "{\"error\":\"injected failure\"}");
            } else {
                String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
                response = api.handle(exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
                        exchange.getRequestURI().getQuery(), body, current);
            }
            byte[] bytes = response.json().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(response.status(), bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            log.warn("Simulated legacy {} instance {} failed a request: {}", system, number, e.toString());
            exchange.sendResponseHeaders(500, -1);
        }
    }
}
