package io.integrationhub.routes.rest;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpStatus;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The one place that builds an RFC 9457 {@code application/problem+json} document. Every layer that can refuse a
 * request uses it: the {@code hub-rest} route configuration, the servlet filters, Spring Security's entry point and
 * handlers, the {@code /error} page and Tomcat's own error report (requests refused before any application code).
 */
public final class ProblemWriter {

    public static final String PROBLEM_JSON = "application/problem+json";

    /** A plain mapper: the document has only strings and a number, and must not depend on the application's. */
    private static final ObjectMapper JSON = new ObjectMapper();

    private ProblemWriter() {
    }

    /** The problem document; {@code title} defaults to the status's reason phrase, {@code instance} may be null. */
    public static String json(int status, String title, String detail, String instance) {
        return json(status, title, detail, instance, Map.of());
    }

    /** With RFC 9457 extension members after the standard ones. */
    public static String json(int status, String title, String detail, String instance, Map<String, Object> extensions) {
        Map<String, Object> problem = new LinkedHashMap<>();
        problem.put("type", "about:blank");
        problem.put("title", title != null ? title : reason(status));
        problem.put("status", status);
        problem.put("detail", detail);
        if (instance != null) {
            problem.put("instance", instance);
        }
        extensions.forEach(problem::putIfAbsent);
        try {
            return JSON.writeValueAsString(problem);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a map of strings is always serializable", e);
        }
    }

    /** Writes the problem as the whole response (not {@code sendError}: that would dispatch to /error again). */
    public static void write(HttpServletResponse response, int status, String title, String detail, String instance)
            throws IOException {
        response.setStatus(status);
        response.setContentType(PROBLEM_JSON);
        response.setCharacterEncoding("UTF-8");
        response.getWriter().write(json(status, title, detail, instance));
        response.flushBuffer();
    }

    public static String reason(int status) {
        HttpStatus known = HttpStatus.resolve(status);
        return known != null ? known.getReasonPhrase() : "Error " + status;
    }
}
