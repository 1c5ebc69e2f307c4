package io.integrationhub.routes.rest;

import jakarta.servlet.http.HttpServletRequest;

/** The JSON APIs (the services' and the partners'), as opposed to consoles and actuator. */
final class ApiPaths {

    private ApiPaths() {
    }

    static boolean isApi(HttpServletRequest request) {
        String uri = request.getRequestURI();
        return uri.startsWith("/api/") || uri.startsWith("/partners/api/");
    }
}
