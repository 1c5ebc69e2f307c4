package io.integrationhub.routes.rest;

import java.io.IOException;
import java.util.function.BooleanSupplier;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Answers API requests with 503 + {@code Retry-After} until the service's Camel routes have started. Tomcat listens
 * before them (Boot starts the web server, then Camel starts on the refreshed context, ~15 s later here), and in that
 * window a {@code POST /api/v1/orders} was a 404 "no such resource": a client, told the resource does not exist,
 * gives up on an order it would have retried. The fault suite met it on every restart.
 */
public class StartingUpFilter extends OncePerRequestFilter {

    static final int RETRY_AFTER_SECONDS = 5;

    private final BooleanSupplier routesStarted;
    // once up, stays up: the check is then one volatile read per request
    private volatile boolean started;

    public StartingUpFilter(BooleanSupplier routesStarted) {
        this.routesStarted = routesStarted;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return started || !ApiPaths.isApi(request);
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (routesStarted.getAsBoolean()) {
            started = true;
            chain.doFilter(request, response);
            return;
        }
        response.setHeader("Retry-After", String.valueOf(RETRY_AFTER_SECONDS));
        ProblemWriter.write(response, 503, "Service starting", "The service is starting and does not take "
                + "requests yet; retry in a few seconds.", request.getRequestURI());
    }
}
