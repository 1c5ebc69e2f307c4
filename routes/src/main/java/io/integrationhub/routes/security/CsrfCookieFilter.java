package io.integrationhub.routes.security;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Writes the {@code XSRF-TOKEN} cookie on every response. Hawtio sends its Jolokia POSTs with an {@code X-XSRF-TOKEN}
 * header taken from that cookie; Spring Security 6 defers the token and writes the cookie only when something reads
 * it, which nothing on Hawtio's pages does — so without this every Jolokia POST got 403 and Hawtio logged the operator
 * out right after a correct login. Reading the token here is Spring Security's documented set-up for single-page
 * applications. Installed after the CSRF filter.
 */
class CsrfCookieFilter extends OncePerRequestFilter {

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        CsrfToken token = (CsrfToken) request.getAttribute(CsrfToken.class.getName());
        if (token != null) {
            token.getToken(); // loads the deferred token: the repository writes the cookie
        }
        chain.doFilter(request, response);
    }
}
