package io.integrationhub.partners.accounting;

/** The legacy accounting system could not answer now (open circuit, timeout, 5xx, refused): retry later. */
public class LegacyUnavailableException extends RuntimeException {

    public LegacyUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
