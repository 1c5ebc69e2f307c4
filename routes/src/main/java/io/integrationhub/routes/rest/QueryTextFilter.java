package io.integrationhub.routes.rest;

import java.io.IOException;
import java.util.Collections;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses API requests whose query string Tomcat could not decode (bad {@code %} escapes, not UTF-8: Tomcat drops
 * such a parameter silently) or that carries text {@link RequestText} does not accept ({@code ?consumerId=%00} made
 * PostgreSQL fail with a 500). Paths need no such check: Tomcat itself refuses {@code %00} and bad escapes there.
 */
public class QueryTextFilter extends OncePerRequestFilter {

    /** Set by Tomcat when it skipped a parameter it could not decode. */
    private static final String TOMCAT_PARSE_FAILED = "org.apache.catalina.parameter_parse_failed";

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return request.getQueryString() == null || !ApiPaths.isApi(request);
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        for (String name : Collections.list(request.getParameterNames())) {
            String problem = RequestText.problem(name);
            for (String value : request.getParameterValues(name)) {
                if (problem == null && RequestText.problem(value) != null) {
                    problem = "Query parameter '" + name + "' " + RequestText.problem(value) + ".";
                }
            }
            if (problem != null) {
                ProblemWriter.write(response, 400, "Invalid request",
                        problem.startsWith("Query") ? problem : "A query parameter name " + problem + ".",
                        request.getRequestURI());
                return;
            }
        }
        if (request.getAttribute(TOMCAT_PARSE_FAILED) != null) {
            ProblemWriter.write(response, 400, "Invalid request", "The query string is malformed: every value must "
                    + "be UTF-8, with '%' only in escapes like %2F.", request.getRequestURI());
            return;
        }
        chain.doFilter(request, response);
    }
}
