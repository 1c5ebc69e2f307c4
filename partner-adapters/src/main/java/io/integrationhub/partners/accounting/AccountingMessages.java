package io.integrationhub.partners.accounting;

import java.math.BigDecimal;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * The accounting adapter's messages (payload version 1.0), as the AsyncAPI document declares them: the wire name of
 * each as a constant — never derived from a class name — and its payload as a record.
 */
public final class AccountingMessages {

    /** Commands on accounting.commands. */
    public static final String AUTHORIZE_CARD = "AuthorizeCard";
    public static final String REVERSE_AUTHORIZATION = "ReverseAuthorization";
    public static final String REVISE_AUTHORIZATION = "ReviseAuthorization";
    public static final List<String> COMMANDS = List.of(AUTHORIZE_CARD, REVERSE_AUTHORIZATION, REVISE_AUTHORIZATION);

    /** Replies to AuthorizeCard. */
    public static final String CARD_AUTHORIZED = "CardAuthorized";
    public static final String CARD_AUTHORIZATION_FAILED = "CardAuthorizationFailed";

    /** Replies to ReverseAuthorization and ReviseAuthorization. */
    public static final String SUCCESS = "Success";
    public static final String FAILURE = "Failure";

    private AccountingMessages() {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record AuthorizeCard(String orderId, String consumerId, BigDecimal orderTotal) {
    }

    public record CardAuthorized(String orderId, String authorizationId) {
    }

    /** reason: the legacy system's own reason for a decline, or why no answer could be had. */
    public record CardAuthorizationFailed(String orderId, String reason) {
    }

    /** ReverseAuthorization {orderId}; ReviseAuthorization {orderId, orderTotal}. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record ChangeAuthorization(String orderId, BigDecimal orderTotal) {
    }

    public record Success(String orderId) {
    }

    public record Failure(String orderId, String reason) {
    }
}
