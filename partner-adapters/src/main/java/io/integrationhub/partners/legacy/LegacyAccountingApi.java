package io.integrationhub.partners.legacy;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.JdbcTemplate;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

import io.integrationhub.partners.PartnerJson;

/**
 * The simulated legacy accounting API: authorize (idempotent on {@code requestKey}: the same key returns the same
 * answer, so a retry after a timeout never authorizes twice), look up by request key, reverse, revise.
 *
 * <p>An authorization over the card limit, or any authorization asked of an instance in fault mode {@code declining},
 * is declined: 402 with {@code {"error": <reason>, ...}}. The decline is stored under its request key like an
 * authorization (status DECLINED), so the unique key decides the one answer even when two instances are asked at
 * once, and the same key gets the same decline later — also from an instance that is not declining.
 *
 * <p>Reverse and revise are conditional updates of the shared row, so both instances agree whichever is asked: a
 * reverse of a REVERSED authorization answers 200 with the same record; a revise sets the amount (an absolute value)
 * and is refused with 402 over the card limit (not applied) and with 409 once the authorization is reversed. The
 * fault mode {@code declining} concerns new authorizations only: a revise is judged by the card limit alone.
 */
final class LegacyAccountingApi implements LegacyInstance.Api {

    static final String PATH = "/legacy/accounting";

    @JsonIgnoreProperties(ignoreUnknown = true)
    record AuthorizeRequest(String requestKey, String consumerId, String orderId, BigDecimal amount) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record ReviseRequest(BigDecimal amount) {
    }

    private static final String DECLINED = "DECLINED";
    private static final String REVERSED = "REVERSED";

    private final JdbcTemplate jdbc;
    private final PartnerJson json;
    private final BigDecimal cardLimit;

    LegacyAccountingApi(JdbcTemplate jdbc, PartnerJson json, BigDecimal cardLimit) {
        this.jdbc = jdbc;
        this.json = json;
        this.cardLimit = cardLimit;
    }

    @Override
    public LegacyInstance.Response handle(String method, String path, String query, String body, FaultMode mode)
            throws Exception {
        String rest = path.substring(PATH.length());
        if (method.equals("POST") && rest.equals("/authorizations")) {
            AuthorizeRequest request = json.read(body, AuthorizeRequest.class);
            if (request.requestKey() == null || request.amount() == null) {
                return new LegacyInstance.Response(400, "{\"error\":\"requestKey and amount are required\"}");
            }
            String decline = declineReason(request, mode);
            // on conflict the earlier answer for this key stands, whatever this instance would decide now
            int created = jdbc.update("insert into accounting.legacy_authorizations (id, request_key, consumer_id, "
                    + "order_id, amount, status, decline_reason) values (?, ?, ?, ?, ?, ?, ?) "
                    + "on conflict (request_key) do nothing",
                    (decline == null ? "auth-" : "decline-") + UUID.randomUUID(), request.requestKey(),
                    request.consumerId(), request.orderId(), request.amount(), decline == null ? "AUTHORIZED" : DECLINED,
                    decline);
            return answer(byKey(request.requestKey()).get(0), created == 1 ? 201 : 200);
        }
        if (method.equals("GET") && rest.equals("/authorizations") && query != null && query.startsWith("requestKey=")) {
            var found = byKey(java.net.URLDecoder.decode(query.substring("requestKey=".length()), "UTF-8"));
            return found.isEmpty() ? new LegacyInstance.Response(404, "{\"error\":\"no such authorization\"}")
                    : answer(found.get(0), 200);
        }
        if (method.equals("POST") && rest.matches("/authorizations/[^/]+/reverse")) {
            return reverse(rest.split("/")[2]);
        }
        if (method.equals("PUT") && rest.matches("/authorizations/[^/]+")) {
            return revise(rest.split("/")[2], json.read(body, ReviseRequest.class));
        }
        return new LegacyInstance.Response(404, "{\"error\":\"unknown operation\"}");
    }

    /**
     * Reverse: one conditional update, so of two instances asked at once exactly one changes the row; reversing a
     * REVERSED authorization changes nothing and answers 200 with the same record (idempotent).
     */
    private LegacyInstance.Response reverse(String id) {
        jdbc.update("update accounting.legacy_authorizations set status = 'REVERSED', updated_at = now() "
                + "where id = ? and status = 'AUTHORIZED'", id);
        return byId(id).map(row -> new LegacyInstance.Response(200, json.write(row)))
                .orElseGet(LegacyAccountingApi::noSuchAuthorization);
    }

    /**
     * Revise: sets the amount (absolute, so a repeated revise is harmless) — within the card limit (else 402, not
     * applied) and only while the authorization stands: the update's own condition refuses a REVERSED one (409), so
     * a revise racing a reverse on the other instance either lands before it or is refused, never after it.
     */
    private LegacyInstance.Response revise(String id, ReviseRequest revise) {
        if (revise.amount() == null || revise.amount().signum() <= 0) {
            return new LegacyInstance.Response(400, "{\"error\":\"amount is required and must be positive\"}");
        }
        var current = byId(id);
        if (current.isEmpty()) {
            return noSuchAuthorization();
        }
        if (REVERSED.equals(current.get().get("status"))) {
            return wasReversed(current.get());
        }
        String decline = overLimit(revise.amount());
        if (decline != null) {
            Map<String, Object> answer = new LinkedHashMap<>();
            answer.put("error", decline);
            answer.putAll(current.get()); // the authorization as it stands: its amount unchanged
            return new LegacyInstance.Response(402, json.write(answer));
        }
        if (jdbc.update("update accounting.legacy_authorizations set amount = ?, updated_at = now() "
                + "where id = ? and status = 'AUTHORIZED'", revise.amount(), id) == 0) {
            return byId(id).map(this::wasReversedOrGone)
                    .orElseGet(LegacyAccountingApi::noSuchAuthorization);
        }
        return new LegacyInstance.Response(200, json.write(byId(id).orElseThrow()));
    }

    /** An authorization by id; a DECLINED row is no authorization (its id is never handed out). */
    private Optional<Map<String, Object>> byId(String id) {
        return jdbc.queryForList("select id as \"authorizationId\", request_key as \"requestKey\", order_id as "
                + "\"orderId\", amount, status from accounting.legacy_authorizations where id = ? and status <> ?",
                id, DECLINED).stream().findFirst();
    }

    private LegacyInstance.Response wasReversedOrGone(Map<String, Object> row) {
        return REVERSED.equals(row.get("status")) ? wasReversed(row) : noSuchAuthorization();
    }

    private LegacyInstance.Response wasReversed(Map<String, Object> row) {
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("error", "authorization " + row.get("authorizationId") + " was reversed");
        answer.putAll(row);
        return new LegacyInstance.Response(409, json.write(answer));
    }

    private static LegacyInstance.Response noSuchAuthorization() {
        return new LegacyInstance.Response(404, "{\"error\":\"no such authorization\"}");
    }

    /** Why this authorization is declined, or null when it is not. */
    private String declineReason(AuthorizeRequest request, FaultMode mode) {
        if (mode.declining()) {
            return "card declined: this instance declines every authorization (fault mode declining)";
        }
        return overLimit(request.amount());
    }

    /** The decline reason for an amount over the card limit, or null. */
    private String overLimit(BigDecimal amount) {
        if (amount.compareTo(cardLimit) > 0) {
            return "card declined: amount " + amount.toPlainString() + " is over the card limit "
                    + cardLimit.toPlainString();
        }
        return null;
    }

    /** An authorization with {@code status}, or a decline: 402 with its reason and no authorization id. */
    private LegacyInstance.Response answer(Map<String, Object> row, int status) {
        Map<String, Object> view = new LinkedHashMap<>(row);
        Object reason = view.remove("declineReason");
        if (!DECLINED.equals(row.get("status"))) {
            return new LegacyInstance.Response(status, json.write(view));
        }
        Map<String, Object> decline = new LinkedHashMap<>();
        decline.put("error", reason);
        decline.put("requestKey", row.get("requestKey"));
        decline.put("orderId", row.get("orderId"));
        decline.put("amount", row.get("amount"));
        decline.put("status", DECLINED);
        return new LegacyInstance.Response(402, json.write(decline));
    }

    private List<Map<String, Object>> byKey(String requestKey) {
        return jdbc.queryForList("select id as \"authorizationId\", request_key as \"requestKey\", order_id as "
                + "\"orderId\", amount, status, decline_reason as \"declineReason\" "
                + "from accounting.legacy_authorizations where request_key = ?", requestKey);
    }
}
