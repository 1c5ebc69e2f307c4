package io.integrationhub.partners.accounting;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.integrationhub.partners.PartnerJson;
import io.integrationhub.partners.accounting.AccountingMessages.AuthorizeCard;
import io.integrationhub.partners.accounting.AccountingMessages.CardAuthorizationFailed;
import io.integrationhub.partners.accounting.AccountingMessages.CardAuthorized;
import io.integrationhub.partners.accounting.AccountingMessages.ChangeAuthorization;
import io.integrationhub.partners.accounting.AccountingMessages.Failure;
import io.integrationhub.partners.accounting.AccountingMessages.Success;
import io.integrationhub.routes.messaging.Envelope;
import io.integrationhub.routes.outbox.OutboxMessage;
import io.integrationhub.routes.outbox.OutboxWriter;

/**
 * Card authorization through the legacy accounting system. The legacy call carries a request key per order, so a
 * call that timed out here but succeeded there is found, not repeated, on the next attempt: a card is never
 * authorized twice for one order. A 4xx from the legacy system is its final answer (a decline, or a refusal of our
 * request) and is replied at once; only unavailability (open circuit, timeout, 5xx, connection refused) defers.
 */
@Service
public class AccountingService {

    private static final Logger log = LoggerFactory.getLogger(AccountingService.class);

    private final JdbcTemplate jdbc;
    private final OutboxWriter outbox;
    private final PartnerJson json;
    private final ProducerTemplate legacy;
    private final Duration deadline;

    public AccountingService(JdbcTemplate jdbc, @Qualifier("accountingOutbox") OutboxWriter outbox, PartnerJson json,
            ProducerTemplate legacy, @Value("${hub.partner-adapters.accounting.deadline}") Duration deadline) {
        this.jdbc = jdbc;
        this.outbox = outbox;
        this.json = json;
        this.legacy = legacy;
        this.deadline = deadline;
    }

    /**
     * Answers CardAuthorized, or CardAuthorizationFailed at once when the legacy system declines the card or refuses
     * the request; only while it is unavailable is the command deferred, and failed when the deadline has passed.
     *
     * @param firstAttemptAt when the first attempt of this command was made (epoch ms), or null for this one
     * @throws DeferCommand while the legacy system is unavailable and the deadline has not passed
     */
    @Transactional
    public void authorize(Envelope command, String body, Long firstAttemptAt) throws Exception {
        AuthorizeCard request = json.read(body, AuthorizeCard.class);
        long first = firstAttemptAt == null ? System.currentTimeMillis() : firstAttemptAt;
        String requestKey = "authorize-" + request.orderId();
        LegacyAnswer answer;
        Map<?, ?> authorization = null;
        try {
            answer = call("POST", "/authorizations", json.write(authorizeRequest(requestKey, request)));
            if (!answer.refused()) {
                authorization = json.read(answer.body(), Map.class);
                if (authorization.get("authorizationId") == null) {
                    throw new LegacyUnavailableException("no authorizationId in the legacy answer", null);
                }
            }
        } catch (Exception e) {
            String reason = rootMessage(e);
            if (System.currentTimeMillis() - first < deadline.toMillis()) {
                throw new DeferCommand("legacy accounting unavailable: " + reason, first);
            }
            reply(command, AccountingMessages.CARD_AUTHORIZATION_FAILED, new CardAuthorizationFailed(request.orderId(),
                    "legacy accounting unavailable for " + deadline.toSeconds() + " s: " + reason));
            return;
        }
        if (answer.refused()) {
            // final: asking again with the same request key would get the same answer, so nothing is deferred and
            // no authorization is recorded here
            reply(command, AccountingMessages.CARD_AUTHORIZATION_FAILED,
                    new CardAuthorizationFailed(request.orderId(), refusal(command, answer)));
            return;
        }
        String authorizationId = String.valueOf(authorization.get("authorizationId"));
        jdbc.update("insert into accounting.authorizations (order_id, request_key, legacy_authorization_id, amount, "
                + "status) values (?, ?, ?, ?, 'AUTHORIZED') on conflict (order_id) do update set "
                + "legacy_authorization_id = excluded.legacy_authorization_id, updated_at = now()",
                request.orderId(), requestKey, authorizationId, request.orderTotal());
        reply(command, AccountingMessages.CARD_AUTHORIZED, new CardAuthorized(request.orderId(), authorizationId));
    }

    /**
     * ReverseAuthorization / ReviseAuthorization: Success, or Failure when there is nothing to change or the legacy
     * system refuses the change (at once), or it stayed unavailable until the deadline.
     */
    @Transactional
    public void change(Envelope command, String body, Long firstAttemptAt) throws Exception {
        ChangeAuthorization request = json.read(body, ChangeAuthorization.class);
        boolean reverse = command.messageType().equals(AccountingMessages.REVERSE_AUTHORIZATION);
        var ids = jdbc.queryForList("select legacy_authorization_id from accounting.authorizations where order_id = ?",
                String.class, request.orderId());
        if (ids.isEmpty()) {
            reply(command, AccountingMessages.FAILURE, new Failure(request.orderId(),
                    "no authorization for order " + request.orderId()));
            return;
        }
        long first = firstAttemptAt == null ? System.currentTimeMillis() : firstAttemptAt;
        LegacyAnswer answer;
        try {
            answer = reverse ? call("POST", "/authorizations/" + ids.get(0) + "/reverse", "")
                    : call("PUT", "/authorizations/" + ids.get(0), json.write(Map.of("amount", request.orderTotal())));
        } catch (Exception e) {
            if (System.currentTimeMillis() - first < deadline.toMillis()) {
                throw new DeferCommand("legacy accounting unavailable: " + rootMessage(e), first);
            }
            reply(command, AccountingMessages.FAILURE, new Failure(request.orderId(),
                    "legacy accounting unavailable: " + rootMessage(e)));
            return;
        }
        if (answer.refused()) {
            reply(command, AccountingMessages.FAILURE, new Failure(request.orderId(), refusal(command, answer)));
            return;
        }
        jdbc.update("update accounting.authorizations set status = ?, amount = coalesce(?, amount), updated_at = now() "
                + "where order_id = ?", reverse ? "REVERSED" : "AUTHORIZED", reverse ? null : request.orderTotal(),
                request.orderId());
        reply(command, AccountingMessages.SUCCESS, new Success(request.orderId()));
    }

    /** The legacy API's authorize body; a missing field goes as null, for the legacy API to refuse (400). */
    private static Map<String, Object> authorizeRequest(String requestKey, AuthorizeCard request) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("requestKey", requestKey);
        body.put("consumerId", String.valueOf(request.consumerId()));
        body.put("orderId", request.orderId());
        body.put("amount", request.orderTotal());
        return body;
    }

    /**
     * The reason for a final 4xx answer. A decline is business as usual; any other refusal means this adapter sent
     * something the legacy API does not accept — no retry can help, and an operator must look at it.
     */
    private String refusal(Envelope command, LegacyAnswer answer) {
        String reason = answer.reason(json);
        if (answer.declined()) {
            log.info("Legacy accounting declined {} for order {}: {}", command.messageType(), command.aggregateId(),
                    reason);
            return reason;
        }
        log.error("Legacy accounting refused {} {} for order {} with HTTP {}: {} — a request this adapter should "
                + "not have sent; answered as failed, not retried", command.messageType(), command.messageId(),
                command.aggregateId(), answer.status(), reason);
        return "legacy accounting refused the request (HTTP " + answer.status() + "): " + reason;
    }

    /** The legacy call through the circuit breaker: its answer, whatever the status; unavailable throws. */
    private LegacyAnswer call(String method, String path, String body) {
        var exchange = legacy.request(AccountingRoutes.LEGACY, e -> {
            e.getMessage().setHeader("legacyMethod", method);
            e.getMessage().setHeader("legacyPath", path);
            e.getMessage().setBody(body);
        });
        if (exchange.getException() != null) {
            throw new LegacyUnavailableException(exchange.getException().getMessage(), exchange.getException());
        }
        return new LegacyAnswer(exchange.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE, 0, Integer.class),
                exchange.getMessage().getBody(String.class));
    }

    private void reply(Envelope command, String messageType, Object reply) {
        outbox.append(OutboxMessage.reply(command, messageType, json.write(reply)));
    }

    /**
     * Why the legacy system could not answer, in words: the reason ends up in a reply, an order's rejection reason
     * and the consumer's notification, so it never names a Java class (the log has the exception).
     */
    private static String rootMessage(Throwable t) {
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        if (root instanceof java.util.concurrent.TimeoutException || root instanceof java.net.SocketTimeoutException
                || root instanceof java.net.http.HttpTimeoutException) {
            return "no answer in time";
        }
        if (root instanceof java.net.ConnectException) {
            return "connection refused";
        }
        String message = root.getMessage();
        return message == null || message.isBlank() ? "no answer" : message;
    }
}
