package io.integrationhub.routes.messaging;

/**
 * The {@code Content-Type} header of a message says how its body is encoded. JSON is the default of every channel (a
 * message without the header is JSON); restaurant.events also carries Protocol Buffers (asyncapi.yaml).
 */
public final class ContentTypes {

    public static final String JSON = "application/json";
    public static final String PROTOBUF = "application/x-protobuf";

    private ContentTypes() {
    }

    /** Text formats travel as a JMS TextMessage, anything else as bytes (a BytesMessage). */
    public static boolean isText(String contentType) {
        String type = contentType == null ? JSON : contentType.toLowerCase(java.util.Locale.ROOT);
        return type.startsWith("text/") || type.startsWith(JSON) || type.matches("application/[^;]*\\+json.*");
    }

    /** The header's media type without parameters; a message without the header is JSON. */
    public static String mediaType(Object header) {
        if (header == null || header.toString().isBlank()) {
            return JSON;
        }
        String value = header.toString();
        int semicolon = value.indexOf(';');
        return (semicolon < 0 ? value : value.substring(0, semicolon)).trim().toLowerCase(java.util.Locale.ROOT);
    }
}
