package io.integrationhub.partners.legacy;

import org.springframework.jdbc.core.JdbcTemplate;

import io.integrationhub.partners.PartnerJson;

/** The simulated legacy consumer-profile API: {@code GET /legacy/consumer-profiles/{consumerId}}. */
final class LegacyConsumerProfilesApi implements LegacyInstance.Api {

    static final String PATH = "/legacy/consumer-profiles";

    private final JdbcTemplate jdbc;
    private final PartnerJson json;

    LegacyConsumerProfilesApi(JdbcTemplate jdbc, PartnerJson json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    @Override
    public LegacyInstance.Response handle(String method, String path, String query, String body, FaultMode mode) {
        String id = path.substring(PATH.length()).replaceFirst("^/", "");
        if (!method.equals("GET") || id.isEmpty() || id.contains("/")) {
            return new LegacyInstance.Response(404, "{\"error\":\"unknown operation\"}");
        }
        var rows = jdbc.queryForList("select id as \"consumerId\", name, credit_limit as \"creditLimit\", active, "
                + "case when credit_limit >= 500 then 'GOLD' else 'STANDARD' end as tier "
                + "from consumer.consumers where id = ?", id);
        return rows.isEmpty() ? new LegacyInstance.Response(404, "{\"error\":\"no such consumer\"}")
                : new LegacyInstance.Response(200, json.write(rows.get(0)));
    }
}
