package io.integrationhub.routes.rest;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses request bodies over the limit with 413 before anything reads them. Requests without a Content-Length
 * (chunked) are refused too: the APIs take small JSON documents and every client we know sends the length.
 */
public class RequestBodyLimitFilter extends OncePerRequestFilter {

    private final long maxBytes;

    public RequestBodyLimitFilter(long maxBytes) {
        this.maxBytes = maxBytes;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !ApiPaths.isApiWithBody(request);
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        long length = request.getContentLengthLong();
        if (length > maxBytes) {
            reject(request, response, 413, "Payload too large",
                    "The body has " + length + " bytes; the limit is " + maxBytes + ".");
            return;
        }
        if (length < 0 && request.getHeader("Transfer-Encoding") != null) {
            reject(request, response, 411, "Length required", "Send the body with a Content-Length header.");
            return;
        }
        chain.doFilter(request, response);
    }

    private static void reject(HttpServletRequest request, HttpServletResponse response, int status, String title,
            String detail) throws IOException {
        ProblemWriter.write(response, status, title, detail, request.getRequestURI());
    }
}
