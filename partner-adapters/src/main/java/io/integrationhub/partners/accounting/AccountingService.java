package io.integrationhub.partners.accounting;

import java.math.BigDecimal;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
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
 *
 * <p>ReverseAuthorization and ReviseAuthorization are made safe under re-sends, reordering and races with two of
 * ch. 4's countermeasures: commutative updates (reverse is idempotent, revise sets an absolute amount) and
 * deterministic refusals (a reversed authorization is never revised, whichever command arrived first).
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
        String requestKey = requestKey(request.orderId());
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
        String status = String.valueOf(authorization.get("status"));
        jdbc.update("insert into accounting.authorizations (order_id, request_key, legacy_authorization_id, amount, "
                + "status) values (?, ?, ?, ?, ?) on conflict (order_id) do update set "
                + "legacy_authorization_id = excluded.legacy_authorization_id, updated_at = now()",
                request.orderId(), requestKey, authorizationId, request.orderTotal(), status);
        if (Status.REVERSED.name().equals(status)) {
            // sent again after its authorization was reversed: the same request key finds the reversed one, and a
            // reversed authorization is never answered as authorized (deterministic, like ReviseAuthorization)
            reply(command, AccountingMessages.CARD_AUTHORIZATION_FAILED,
                    new CardAuthorizationFailed(request.orderId(), wasReversed(request.orderId())));
            return;
        }
        reply(command, AccountingMessages.CARD_AUTHORIZED, new CardAuthorized(request.orderId(), authorizationId));
    }

    /**
     * ReverseAuthorization — <em>commutative update</em> (ch. 4): reversing is idempotent and wins over any revise,
     * whichever arrives first, so re-sends and reordering end in the same state (REVERSED). An authorization already
     * REVERSED answers Success without asking the legacy system again. Refused: a declined card (nothing to
     * reverse — deterministic, a declined request key stays declined), and an order the legacy system has no
     * authorization for (the create-order saga only compensates an authorization it was told of).
     *
     * @throws DeferCommand while the legacy system is unavailable and the deadline has not passed
     */
    @Transactional
    public void reverse(Envelope command, String body, Long firstAttemptAt) throws Exception {
        ChangeAuthorization request = json.read(body, ChangeAuthorization.class);
        String orderId = request.orderId() == null ? command.aggregateId() : request.orderId();
        Attempt attempt = Attempt.of(command, orderId, firstAttemptAt);
        Authorization authorization = authorization(attempt);
        if (authorization == null) {
            return; // unavailable past the deadline: answered
        }
        switch (authorization.status()) {
            case NONE -> fail(attempt, "no authorization for order " + orderId);
            case DECLINED -> fail(attempt, "nothing to reverse: the card was declined");
            case REVERSED -> succeed(attempt);
            default -> {
                LegacyAnswer answer = callOrFail(attempt, "POST",
                        "/authorizations/" + authorization.legacyId() + "/reverse", "");
                if (answer == null) {
                    return;
                }
                if (answer.refused()) {
                    fail(attempt, refusal(command, answer));
                    return;
                }
                jdbc.update("update accounting.authorizations set status = 'REVERSED', updated_at = now() "
                        + "where order_id = ?", orderId);
                succeed(attempt);
            }
        }
    }

    /**
     * ReviseAuthorization — <em>commutative update</em> (ch. 4): orderTotal is the new absolute amount, not a delta,
     * so a re-sent revise is harmless and two revises end at the last one's amount; the same amount again is Success
     * without a legacy call. <em>Deterministic refusal</em> once reversed: "authorization of order … was reversed",
     * whether the reverse arrived before or after, so reverse-then-revise and revise-then-reverse both end REVERSED.
     * Over the card limit the legacy system declines (402) and nothing changes: Failure with its reason. A missing
     * or non-positive orderTotal is refused at once — no retry can supply it.
     *
     * @throws DeferCommand while the legacy system is unavailable and the deadline has not passed
     */
    @Transactional
    public void revise(Envelope command, String body, Long firstAttemptAt) throws Exception {
        ChangeAuthorization request = json.read(body, ChangeAuthorization.class);
        String orderId = request.orderId() == null ? command.aggregateId() : request.orderId();
        Attempt attempt = Attempt.of(command, orderId, firstAttemptAt);
        BigDecimal total = request.orderTotal();
        if (total == null || total.signum() <= 0) {
            fail(attempt, "ReviseAuthorization for order " + orderId + " needs orderTotal, the new total as a "
                    + "positive amount; got " + (total == null ? "none" : total.toPlainString()));
            return;
        }
        Authorization authorization = authorization(attempt);
        if (authorization == null) {
            return;
        }
        switch (authorization.status()) {
            case NONE -> fail(attempt, "no authorization for order " + orderId);
            case DECLINED -> fail(attempt, "nothing to revise: the card was declined");
            case REVERSED -> fail(attempt, wasReversed(orderId));
            default -> {
                if (total.compareTo(authorization.amount()) == 0) {
                    succeed(attempt); // already at that amount: a re-send, or a revise that changes nothing
                    return;
                }
                LegacyAnswer answer = callOrFail(attempt, "PUT", "/authorizations/" + authorization.legacyId(),
                        json.write(Map.of("amount", total)));
                if (answer == null) {
                    return;
                }
                if (answer.status() == LegacyAnswer.CONFLICT) {
                    // reversed there though not yet here (a reverse recorded by another path): the legacy system
                    // decides, and this adapter's record follows it
                    jdbc.update("update accounting.authorizations set status = 'REVERSED', updated_at = now() "
                            + "where order_id = ?", orderId);
                    fail(attempt, wasReversed(orderId));
                    return;
                }
                if (answer.refused()) {
                    fail(attempt, refusal(command, answer));
                    return;
                }
                jdbc.update("update accounting.authorizations set amount = ?, updated_at = now() where order_id = ?",
                        total, orderId);
                succeed(attempt);
            }
        }
    }

    private static String wasReversed(String orderId) {
        return "authorization of order " + orderId + " was reversed";
    }

    /**
     * The order's authorization, its row locked until this command commits, so two commands for one order (a
     * deferred one overtaken by a later one, or two adapter instances) take turns and the legacy system sees them in
     * the order this adapter records them. Without a row here the legacy system is asked by the request key: it
     * knows a decline (402), and an authorization whose answer was lost to a timeout here (adopted); 404 is none.
     *
     * @return null when the legacy system stayed unavailable past the deadline (already answered)
     */
    private Authorization authorization(Attempt attempt) throws Exception {
        Authorization known = locked(attempt.orderId());
        if (known != null) {
            return known;
        }
        String requestKey = requestKey(attempt.orderId());
        LegacyAnswer answer = callOrFail(attempt, "GET", "/authorizations?requestKey="
                + URLEncoder.encode(requestKey, StandardCharsets.UTF_8), null);
        if (answer == null) {
            return null;
        }
        if (answer.declined()) {
            return new Authorization(null, null, Status.DECLINED);
        }
        if (answer.refused()) {
            return new Authorization(null, null, Status.NONE);
        }
        Map<?, ?> found = json.read(answer.body(), Map.class);
        jdbc.update("insert into accounting.authorizations (order_id, request_key, legacy_authorization_id, amount, "
                + "status) values (?, ?, ?, ?, ?) on conflict (order_id) do nothing", attempt.orderId(), requestKey,
                String.valueOf(found.get("authorizationId")), new BigDecimal(String.valueOf(found.get("amount"))),
                String.valueOf(found.get("status")));
        return locked(attempt.orderId());
    }

    private Authorization locked(String orderId) {
        return jdbc.query("select legacy_authorization_id, amount, status from accounting.authorizations "
                + "where order_id = ? for update", rs -> rs.next() ? new Authorization(rs.getString(1),
                        rs.getBigDecimal(2), Status.valueOf(rs.getString(3))) : null, orderId);
    }

    /**
     * The legacy call, or — while it is unavailable — a deferral until the deadline, then a Failure in words.
     *
     * @return the answer, or null when the Failure is sent
     */
    private LegacyAnswer callOrFail(Attempt attempt, String method, String path, String body) {
        try {
            return call(method, path, body);
        } catch (Exception e) {
            String reason = rootMessage(e);
            if (System.currentTimeMillis() - attempt.first() < deadline.toMillis()) {
                throw new DeferCommand("legacy accounting unavailable: " + reason, attempt.first());
            }
            fail(attempt, "legacy accounting unavailable for " + deadline.toSeconds() + " s: " + reason);
            return null;
        }
    }

    private void succeed(Attempt attempt) {
        reply(attempt.command(), AccountingMessages.SUCCESS, new Success(attempt.orderId()));
    }

    private void fail(Attempt attempt, String reason) {
        reply(attempt.command(), AccountingMessages.FAILURE, new Failure(attempt.orderId(), reason));
    }

    /** One attempt at a command about an order; first: when its first attempt was made (epoch ms). */
    private record Attempt(Envelope command, String orderId, long first) {
        static Attempt of(Envelope command, String orderId, Long firstAttemptAt) {
            return new Attempt(command, orderId, firstAttemptAt == null ? System.currentTimeMillis() : firstAttemptAt);
        }
    }

    /** NONE: the legacy system has no authorization for the order; DECLINED: it declined the card. */
    private enum Status { NONE, DECLINED, AUTHORIZED, REVERSED }

    /** An order's authorization: the legacy system's id and amount (null for NONE and DECLINED). */
    private record Authorization(String legacyId, BigDecimal amount, Status status) {
    }

    static String requestKey(String orderId) {
        return "authorize-" + orderId;
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
