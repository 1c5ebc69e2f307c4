package io.integrationhub.routes.rest;

/**
 * A client mistake with an HTTP status and a human-readable detail; rendered as {@code application/problem+json} by
 * the {@code hub-rest} route configuration.
 */
public class ProblemException extends RuntimeException {

    private final int status;
    private final String title;
    private final java.util.Map<String, Object> extensions;

    public ProblemException(int status, String title, String detail) {
        this(status, title, detail, java.util.Map.of());
    }

    /** @param extensions RFC 9457 extension members, e.g. the current state of what the request conflicts with */
    public ProblemException(int status, String title, String detail, java.util.Map<String, Object> extensions) {
        super(detail);
        this.status = status;
        this.title = title;
        this.extensions = java.util.Map.copyOf(extensions);
    }

    public static ProblemException badRequest(String detail) {
        return new ProblemException(400, "Invalid request", detail);
    }

    public static ProblemException notFound(String detail) {
        return new ProblemException(404, "Not found", detail);
    }

    public static ProblemException unprocessable(String detail) {
        return new ProblemException(422, "Request cannot be processed", detail);
    }

    public static ProblemException conflict(String detail) {
        return new ProblemException(409, "Conflict", detail);
    }

    public java.util.Map<String, Object> extensions() {
        return extensions;
    }

    public int status() {
        return status;
    }

    public String title() {
        return title;
    }
}
