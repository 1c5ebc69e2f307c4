package io.integrationhub.routes.rest;

import jakarta.servlet.http.HttpServletRequest;

import org.apache.camel.Exchange;
import org.apache.camel.component.platform.http.springboot.PlatformHttpMessage;

/**
 * Reads a request parameter from where the API contract says it comes from. Camel's platform-http puts query
 * parameters and HTTP headers into one header map, so {@code getHeader("consumerId")} answered a request header of
 * that name before the query, and an {@code Idempotency-Key} query parameter acted as the header.
 */
public final class RestRequests {

    private RestRequests() {
    }

    /** The first value of query parameter {@code name}, or null. */
    public static String query(Exchange exchange, String name) {
        return request(exchange).getParameter(name);
    }

    /**
     * Query parameter {@code name} as a whole number from {@code min} to {@code max}, {@code fallback} when absent;
     * anything else (a fraction, a word, out of range, empty) is the client's mistake: a 400 problem.
     */
    public static int number(Exchange exchange, String name, int fallback, int min, int max) {
        String text = query(exchange, name);
        if (text == null) {
            return fallback;
        }
        try {
            int value = Integer.parseInt(text);
            if (value >= min && value <= max) {
                return value;
            }
        } catch (NumberFormatException e) {
            // refused below
        }
        throw ProblemException.badRequest("'" + name + "' must be a whole number from " + min + " to " + max + ".");
    }

    /** Request header {@code name}, or null; never a query parameter of the same name. */
    public static String header(Exchange exchange, String name) {
        return request(exchange).getHeader(name);
    }

    private static HttpServletRequest request(Exchange exchange) {
        PlatformHttpMessage message = exchange.getIn(PlatformHttpMessage.class);
        if (message == null || message.getRequest() == null) {
            throw new IllegalStateException("not a platform-http request: " + exchange.getFromRouteId());
        }
        return message.getRequest();
    }
}
