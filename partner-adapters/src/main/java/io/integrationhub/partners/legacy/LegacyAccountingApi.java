package io.integrationhub.partners.legacy;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
            String id = rest.split("/")[2];
            return update(id, "update accounting.legacy_authorizations set status = 'REVERSED', updated_at = now() "
                    + "where id = ? and status <> 'DECLINED'", id);
        }
        if (method.equals("PUT") && rest.matches("/authorizations/[^/]+")) {
            String id = rest.split("/")[2];
            ReviseRequest revise = json.read(body, ReviseRequest.class);
            return update(id, "update accounting.legacy_authorizations set amount = ?, updated_at = now() "
                    + "where id = ? and status <> 'DECLINED'", revise.amount(), id);
        }
        return new LegacyInstance.Response(404, "{\"error\":\"unknown operation\"}");
    }

    private LegacyInstance.Response update(String id, String sql, Object... args) {
        if (jdbc.update(sql, args) == 0) {
            return new LegacyInstance.Response(404, "{\"error\":\"no such authorization\"}");
        }
        return new LegacyInstance.Response(200, json.write(jdbc.queryForList(
                "select id as \"authorizationId\", request_key as \"requestKey\", order_id as \"orderId\", amount, status "
                        + "from accounting.legacy_authorizations where id = ?", id).get(0)));
    }

    /** Why this authorization is declined, or null when it is not. */
    private String declineReason(AuthorizeRequest request, FaultMode mode) {
        if (mode.declining()) {
            return "card declined: this instance declines every authorization (fault mode declining)";
        }
        if (request.amount().compareTo(cardLimit) > 0) {
            return "card declined: amount " + request.amount().toPlainString() + " is over the card limit "
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
