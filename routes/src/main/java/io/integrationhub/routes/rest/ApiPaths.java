package io.integrationhub.routes.rest;

import jakarta.servlet.http.HttpServletRequest;

/** The JSON APIs (the services' and the partners'), as opposed to consoles and actuator. */
final class ApiPaths {

    private ApiPaths() {
    }

    /** On the decoded path (as the routes match it): {@code /%61pi/…} is an API request too. */
    static boolean isApi(HttpServletRequest request) {
        String path = request.getServletPath() + (request.getPathInfo() == null ? "" : request.getPathInfo());
        return path.startsWith("/api/") || path.startsWith("/partners/api/");
    }

    /** A request to the APIs that carries a body (POST, PUT, PATCH): what the body filters look at. */
    static boolean isApiWithBody(HttpServletRequest request) {
        String method = request.getMethod();
        return (method.equals("POST") || method.equals("PUT") || method.equals("PATCH")) && isApi(request);
    }
}
