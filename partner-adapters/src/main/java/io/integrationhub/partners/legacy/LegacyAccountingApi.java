package io.integrationhub.partners.legacy;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.springframework.jdbc.core.JdbcTemplate;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

import io.integrationhub.partners.PartnerJson;

/**
 * The simulated legacy accounting API: authorize (idempotent on {@code requestKey}: the same key returns the same
 * authorization, so a retry after a timeout never authorizes twice), look up by request key, reverse, revise.
 */
final class LegacyAccountingApi implements LegacyInstance.Api {

    static final String PATH = "/legacy/accounting";

    @JsonIgnoreProperties(ignoreUnknown = true)
    record AuthorizeRequest(String requestKey, String consumerId, String orderId, BigDecimal amount) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record ReviseRequest(BigDecimal amount) {
    }

    private final JdbcTemplate jdbc;
    private final PartnerJson json;

    LegacyAccountingApi(JdbcTemplate jdbc, PartnerJson json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    @Override
    public LegacyInstance.Response handle(String method, String path, String query, String body) throws Exception {
        String rest = path.substring(PATH.length());
        if (method.equals("POST") && rest.equals("/authorizations")) {
            AuthorizeRequest request = json.read(body, AuthorizeRequest.class);
            if (request.requestKey() == null || request.amount() == null) {
                return new LegacyInstance.Response(400, "{\"error\":\"requestKey and amount are required\"}");
            }
            int created = jdbc.update("insert into accounting.legacy_authorizations (id, request_key, consumer_id, "
                    + "order_id, amount, status) values (?, ?, ?, ?, ?, 'AUTHORIZED') on conflict (request_key) do nothing",
                    "auth-" + UUID.randomUUID(), request.requestKey(), request.consumerId(), request.orderId(),
                    request.amount());
            return new LegacyInstance.Response(created == 1 ? 201 : 200, json.write(byKey(request.requestKey()).get(0)));
        }
        if (method.equals("GET") && rest.equals("/authorizations") && query != null && query.startsWith("requestKey=")) {
            var found = byKey(java.net.URLDecoder.decode(query.substring("requestKey=".length()), "UTF-8"));
            return found.isEmpty() ? new LegacyInstance.Response(404, "{\"error\":\"no such authorization\"}")
                    : new LegacyInstance.Response(200, json.write(found.get(0)));
        }
        if (method.equals("POST") && rest.matches("/authorizations/[^/]+/reverse")) {
            String id = rest.split("/")[2];
            return update(id, "update accounting.legacy_authorizations set status = 'REVERSED', updated_at = now() "
                    + "where id = ?", id);
        }
        if (method.equals("PUT") && rest.matches("/authorizations/[^/]+")) {
            String id = rest.split("/")[2];
            ReviseRequest revise = json.read(body, ReviseRequest.class);
            return update(id, "update accounting.legacy_authorizations set amount = ?, updated_at = now() where id = ?",
                    revise.amount(), id);
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

    private List<Map<String, Object>> byKey(String requestKey) {
        return jdbc.queryForList("select id as \"authorizationId\", request_key as \"requestKey\", order_id as "
                + "\"orderId\", amount, status from accounting.legacy_authorizations where request_key = ?", requestKey);
    }
}
