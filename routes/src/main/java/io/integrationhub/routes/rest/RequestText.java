package io.integrationhub.routes.rest;

/**
 * What text a request may carry in any string: valid Unicode without NUL. PostgreSQL refuses NUL in text (the
 * request failed with a 500) and stores an unpaired surrogate as '?', so both are refused where they enter.
 */
public final class RequestText {

    private RequestText() {
    }

    /** @return why {@code text} is not acceptable, in the API's words, or null if it is */
    public static String problem(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\u0000') {
                return "must not contain the NUL character (U+0000)";
            }
            if (Character.isHighSurrogate(c)) {
                if (i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                    i++;
                    continue;
                }
                return "must be valid Unicode (it contains an unpaired surrogate)";
            }
            if (Character.isLowSurrogate(c)) {
                return "must be valid Unicode (it contains an unpaired surrogate)";
            }
        }
        return null;
    }
}
