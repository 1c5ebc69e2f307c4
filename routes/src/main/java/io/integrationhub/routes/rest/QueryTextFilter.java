package io.integrationhub.routes.rest;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses API requests whose query string is not strictly UTF-8 with well-formed {@code %} escapes, or carries text
 * {@link RequestText} does not accept. Tomcat decodes bad bytes to U+FFFD or drops the parameter without a word, and
 * {@code ?consumerId=%00} reached PostgreSQL (a 500). Paths need no such check: Tomcat refuses {@code %00} and bad
 * escapes there itself.
 */
public class QueryTextFilter extends OncePerRequestFilter {

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return request.getQueryString() == null || !ApiPaths.isApi(request);
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        for (String pair : request.getQueryString().split("&")) {
            String[] nameAndValue = pair.split("=", 2);
            String name = decode(nameAndValue[0]);
            String value = nameAndValue.length == 2 ? decode(nameAndValue[1]) : "";
            String problem = name == null || value == null
                    ? "The query string is malformed: every name and value must be UTF-8, with '%' only in escapes "
                            + "like %2F."
                    : RequestText.problem(name) != null ? "A query parameter name " + RequestText.problem(name) + "."
                    : RequestText.problem(value) != null
                            ? "Query parameter '" + name + "' " + RequestText.problem(value) + "." : null;
            if (problem != null) {
                ProblemWriter.write(response, 400, "Invalid request", problem, request.getRequestURI());
                return;
            }
        }
        chain.doFilter(request, response);
    }

    /** application/x-www-form-urlencoded decoding that refuses what it cannot decode; null then. */
    static String decode(String encoded) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(encoded.length());
        for (int i = 0; i < encoded.length(); i++) {
            char c = encoded.charAt(i);
            if (c == '%') {
                if (i + 2 >= encoded.length()) {
                    return null;
                }
                int high = Character.digit(encoded.charAt(i + 1), 16);
                int low = Character.digit(encoded.charAt(i + 2), 16);
                if (high < 0 || low < 0) {
                    return null;
                }
                bytes.write(high * 16 + low);
                i += 2;
            } else if (c == '+') {
                bytes.write(' ');
            } else if (c < 0x80) {
                bytes.write(c);
            } else {
                return null;
            }
        }
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes.toByteArray())).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }
}
