package io.integrationhub.routes.security;

import java.io.IOException;
import java.util.Set;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.firewall.RequestRejectedException;
import org.springframework.security.web.firewall.RequestRejectedHandler;

import io.integrationhub.routes.rest.ProblemWriter;

/**
 * Spring Security's refusals as problem+json, written directly (a {@code sendError} would run the firewall and the
 * filter chain again on the error dispatch): 401 with the Basic challenge, 403, and the firewall's 400 — a 405 when
 * it was the method it refused. Nothing of the rejected request is echoed back.
 */
public class SecurityProblems implements AuthenticationEntryPoint, AccessDeniedHandler, RequestRejectedHandler {

    /** What StrictHttpFirewall lets through; any other method is refused before the application sees it. */
    static final Set<String> METHODS = Set.of("DELETE", "GET", "HEAD", "OPTIONS", "PATCH", "POST", "PUT");

    private final String realm;

    public SecurityProblems(String realm) {
        this.realm = realm;
    }

    @Override
    public void commence(HttpServletRequest request, HttpServletResponse response,
            AuthenticationException authException) throws IOException {
        response.setHeader("WWW-Authenticate", "Basic realm=\"" + realm + "\"");
        ProblemWriter.write(response, 401, "Unauthorized", "This operation needs credentials (HTTP Basic) of a "
                + "user allowed to call it.", request.getRequestURI());
    }

    @Override
    public void handle(HttpServletRequest request, HttpServletResponse response,
            AccessDeniedException accessDeniedException) throws IOException {
        ProblemWriter.write(response, 403, "Forbidden", "Your user may not call this operation.",
                request.getRequestURI());
    }

    @Override
    public void handle(HttpServletRequest request, HttpServletResponse response,
            RequestRejectedException requestRejectedException) throws IOException {
        if (!METHODS.contains(request.getMethod())) {
            response.setHeader("Allow", String.join(", ", METHODS.stream().sorted().toList()));
            ProblemWriter.write(response, 405, "Method not allowed", "Use one of the HTTP methods the API documents "
                    + "(GET, POST, PUT).", null);
            return;
        }
        ProblemWriter.write(response, 400, "Invalid request", "The URL contains a sequence we refuse (for example "
                + "'//', '/./', '/../', ';', an encoded '%', '.' or '/', or a control character).", null);
    }
}
