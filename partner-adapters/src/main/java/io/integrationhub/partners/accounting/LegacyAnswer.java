package io.integrationhub.partners.accounting;

import java.util.Map;

import io.integrationhub.partners.PartnerJson;

/**
 * What the legacy accounting API answered (any status it answered with; no answer at all is a
 * {@link LegacyUnavailableException}). A 4xx is a final answer, never worth retrying: 402 is the legacy system's
 * business "no" (the card is declined); 409 refuses to revise a reversed authorization; any other 4xx means it
 * refused our request as malformed — a bug on our side.
 */
record LegacyAnswer(int status, String body) {

    static final int DECLINED = 402;
    /** The legacy system's "no longer possible": revising a reversed authorization. */
    static final int CONFLICT = 409;

    boolean refused() {
        return status >= 400 && status < 500;
    }

    boolean declined() {
        return status == DECLINED;
    }

    /** The legacy system's own reason ({@code "error"} of its JSON body), else the status and body as they came. */
    String reason(PartnerJson json) {
        try {
            Object error = json.read(body, Map.class).get("error");
            if (error != null) {
                return error.toString();
            }
        } catch (Exception unreadable) {
            // no JSON: the raw answer below says what there is to say
        }
        return "HTTP " + status + (body == null || body.isBlank() ? "" : ": " + body);
    }
}
