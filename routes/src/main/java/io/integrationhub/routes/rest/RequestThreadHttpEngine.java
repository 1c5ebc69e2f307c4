package io.integrationhub.routes.rest;

import java.util.concurrent.CompletableFuture;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.apache.camel.Processor;
import org.apache.camel.component.platform.http.PlatformHttpEndpoint;
import org.apache.camel.component.platform.http.spi.PlatformHttpConsumer;
import org.apache.camel.component.platform.http.spi.PlatformHttpEngine;
import org.apache.camel.component.platform.http.springboot.SpringBootPlatformHttpConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Camel's platform-http on Spring Boot, with each REST request routed on the Tomcat thread that received it.
 *
 * <p>Why: the starter's consumer hands every request to Spring's task executor ({@code CompletableFuture.runAsync})
 * and returns the future, so Spring MVC starts servlet async processing and, when the route is done, dispatches the
 * request through Tomcat, the filter chain (security, the HTTP observation) and the DispatcherServlet a second time.
 * In a JFR profile of order intake that hand-off and second dispatch were about a sixth of the request threads'
 * samples (benchmarks/README.md, "Intake on the request thread"). Nothing a route does needs another thread: its
 * slow calls have their own time limits (circuit breakers, JMS request timeouts), and Tomcat's thread pool
 * ({@code server.tomcat.threads.max}) bounds the requests in flight instead of the task executor.
 *
 * <p>The starter maps each REST path to {@link SpringBootPlatformHttpConsumer#service} by reflection, so this consumer
 * overrides that method: it routes the exchange at once and returns no future, which Spring MVC's handler for a
 * {@code CompletableFuture} return type treats as "response already written" (no async start, no second dispatch).
 */
public class RequestThreadHttpEngine implements PlatformHttpEngine {

    private final int port;

    public RequestThreadHttpEngine(int port) {
        this.port = port;
    }

    @Override
    public PlatformHttpConsumer createConsumer(PlatformHttpEndpoint endpoint, Processor processor) {
        return new Consumer(endpoint, processor);
    }

    @Override
    public int getServerPort() {
        return port;
    }

    static final class Consumer extends SpringBootPlatformHttpConsumer {

        private static final Logger log = LoggerFactory.getLogger(RequestThreadHttpEngine.class);

        Consumer(PlatformHttpEndpoint endpoint, Processor processor) {
            // the executor is never used: service() below does not hand the request over
            super(endpoint, processor, Runnable::run);
        }

        @Override
        public CompletableFuture<Void> service(HttpServletRequest request, HttpServletResponse response) {
            try {
                handleService(request, response);
            } catch (Exception e) {
                // as the starter's consumer: the route's own error handling answered whatever it could; this is
                // what is left (the response could not be written), logged here and answered 500 if still possible
                log.warn("Error handling {} {}: {}", request.getMethod(), request.getRequestURI(), e.getMessage(), e);
                try {
                    if (!response.isCommitted()) {
                        response.sendError(HttpServletResponse.SC_INTERNAL_SERVER_ERROR);
                    }
                } catch (Exception ignored) {
                    // the client is gone
                }
            }
            return null;
        }
    }
}
