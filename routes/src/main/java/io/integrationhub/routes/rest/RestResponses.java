package io.integrationhub.routes.rest;

import org.apache.camel.Exchange;

/** Sets a REST response on an exchange: status, content type, body; request headers are not echoed back. */
public final class RestResponses {

    private RestResponses() {
    }

    public static void respond(Exchange exchange, int status, String contentType, String body, String... keepHeaders) {
        var message = exchange.getMessage();
        message.removeHeaders("*", keepHeaders);
        message.setHeader(Exchange.HTTP_RESPONSE_CODE, status);
        message.setHeader(Exchange.CONTENT_TYPE, contentType);
        message.setBody(body);
    }

    /** The request body, or a 400/415 problem when it is missing or not JSON. */
    public static String jsonBody(Exchange exchange) {
        String contentType = exchange.getMessage().getHeader(Exchange.CONTENT_TYPE, String.class);
        if (contentType == null || !contentType.toLowerCase().startsWith("application/json")) {
            throw new ProblemException(415, "Unsupported media type", "Send the body as application/json.");
        }
        String body = exchange.getMessage().getBody(String.class);
        if (body == null || body.isBlank()) {
            throw ProblemException.badRequest("The body is empty; send it as JSON.");
        }
        return body;
    }
}
