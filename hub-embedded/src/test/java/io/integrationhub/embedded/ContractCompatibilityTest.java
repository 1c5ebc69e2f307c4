package io.integrationhub.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The breaking-change gates (DESIGN.md §6): the OpenAPI documents the hub serves and its asyncapi.yaml stay compatible
 * with the contracts committed under {@code contracts/} — one baseline per document and major version — and each gate
 * is shown to fail on a deliberate breaking change, and to let it pass once the major version changed.
 *
 * <p>A compatible change (a new operation, an optional field) passes without touching the baseline. A breaking change
 * needs a new major: a new document ({@code /api/v2/...}) with a baseline of its own, the old one staying as it is.
 */
@HubSystemTest
class ContractCompatibilityTest {

    /** Served document → the service it belongs to; its baseline is {@code <service>-v<major>.openapi.json}. */
    static final Map<String, String> OPENAPI_DOCUMENTS = Map.of(
            "/api/v1/openapi.json", "order-app",
            "/api/v2/openapi.json", "order-app",
            "/partners/api/v1/openapi.json", "partner-adapters");

    @Autowired
    TestRestTemplate http;

    final ObjectMapper json = new ObjectMapper();

    final Path work = Path.of("target", "contracts");

    @Test
    void shouldServeOpenApiDocumentsCompatibleWithTheirBaselines() throws Exception {
        List<String> failures = new java.util.ArrayList<>();
        for (Map.Entry<String, String> served : OPENAPI_DOCUMENTS.entrySet()) {
            String current = http.getForObject(served.getKey(), String.class);
            String major = ContractGate.major(json.readTree(current).at("/info/version").asText());
            Path baseline = ContractGate.BASELINES.resolve(served.getValue() + "-v" + major + ".openapi.json");
            Path written = Files.createDirectories(work).resolve(baseline.getFileName());
            Files.writeString(written, pretty(current));
            if (!Files.exists(baseline)) {
                failures.add(served.getKey() + ": no baseline " + baseline + " (a new major: commit " + written + ")");
                continue;
            }
            ContractGate.Verdict verdict = ContractGate.openApi(Files.readString(baseline), current);
            if (!verdict.passes()) {
                failures.add(served.getKey() + " against " + baseline + ": " + verdict);
            }
        }
        assertThat(failures).as("breaking changes within a major version").isEmpty();
    }

    @Test
    void shouldRefuseABreakingOpenApiChangeUnlessTheMajorVersionChanged() throws Exception {
        String served = http.getForObject("/api/v1/openapi.json", String.class);

        ObjectNode operationGone = (ObjectNode) json.readTree(served);
        ((ObjectNode) operationGone.at("/paths/~1api~1v1~1orders~1{orderId}")).remove("get");
        ObjectNode fieldRequired = (ObjectNode) json.readTree(served);
        ((com.fasterxml.jackson.databind.node.ArrayNode) fieldRequired.at("/components/schemas/CreateOrderRequest")
                .withArray("required")).add("deliveryAddress");

        ContractGate.Verdict removed = ContractGate.openApi(served, operationGone.toString());
        assertThat(removed.passes()).as("an operation removed in v1").isFalse();
        assertThat(String.join("\n", removed.breaking())).contains("/api/v1/orders/{orderId}");
        ContractGate.Verdict required = ContractGate.openApi(served, fieldRequired.toString());
        assertThat(required.passes()).as("a request field newly required in v1").isFalse();

        ((ObjectNode) operationGone.get("info")).put("version", "v2");
        assertThat(ContractGate.openApi(served, operationGone.toString()).passes()).as("the same change as v2").isTrue();

        ObjectNode optionalField = (ObjectNode) json.readTree(served);
        ((ObjectNode) optionalField.at("/components/schemas/OrderView/properties")).putObject("note").put("type",
                "string");
        assertThat(ContractGate.openApi(served, optionalField.toString()).breaking())
                .as("a response field added (compatible)").isEmpty();
    }

    /** v2's money objects are its contract now: turning an amount back into a number breaks v2 clients. */
    @Test
    void shouldRefuseABreakingChangeOfV2WithinV2() throws Exception {
        String served = http.getForObject("/api/v2/openapi.json", String.class);

        ObjectNode amountAsNumber = (ObjectNode) json.readTree(served);
        ((ObjectNode) amountAsNumber.at("/components/schemas/Money/properties/amount")).put("type", "number")
                .remove("pattern");
        ObjectNode nextGone = (ObjectNode) json.readTree(served);
        ((ObjectNode) nextGone.at("/paths/~1api~1v2~1orders")).remove("get");

        assertThat(ContractGate.openApi(served, amountAsNumber.toString()).passes()).as("an amount as a number in v2")
                .isFalse();
        ContractGate.Verdict removed = ContractGate.openApi(served, nextGone.toString());
        assertThat(removed.passes()).as("the collection removed in v2").isFalse();
        assertThat(String.join("\n", removed.breaking())).contains("/api/v2/orders");
    }

    @Test
    void shouldKeepAsyncApiCompatibleWithItsBaseline() throws Exception {
        assumeNpx();
        Path current = currentAsyncApi();
        String major = ContractGate.major(String.valueOf(info(load(current)).get("version")));
        Path baseline = ContractGate.BASELINES.resolve("asyncapi-v" + major + ".yaml");
        assertThat(baseline).as("baseline of asyncapi.yaml (for a new major, copy the document there)").exists();
        ContractGate.Verdict verdict = ContractGate.asyncApi(baseline, current, work);
        assertThat(verdict.passes()).as("asyncapi.yaml against %s: %s", baseline, verdict).isTrue();
    }

    @Test
    void shouldRefuseABreakingAsyncApiChangeUnlessTheMajorVersionChanged() throws Exception {
        assumeNpx();
        Path current = currentAsyncApi();

        Map<String, Object> broken = load(current);
        Map<String, Object> envelope = properties(broken, "schemas", "Envelope");
        envelope.put("aggregateId", Map.of("type", "integer")); // was a string
        Map<String, Object> validated = payloadProperties(broken, "ConsumerValidated");
        validated.remove("consumerId");
        payload(broken, "ConsumerValidated").put("required", List.of("orderId"));
        ContractGate.Verdict verdict = ContractGate.asyncApi(current, write("broken.yaml", broken), work);
        assertThat(verdict.passes()).as("a header's type changed, a payload field removed, in 1.x").isFalse();
        assertThat(verdict.breaking()).anyMatch(change -> change.contains("/headers/properties/aggregateId/type"))
                .anyMatch(change -> change.contains("/ConsumerValidated/payload/properties/consumerId"));

        info(broken).put("version", "2.0.0");
        assertThat(ContractGate.asyncApi(current, write("broken-v2.yaml", broken), work).passes())
                .as("the same changes as 2.0.0").isTrue();

        Map<String, Object> extended = load(current);
        payloadProperties(extended, "ConsumerValidated").put("checkedAt", Map.of("type", "string"));
        assertThat(ContractGate.asyncApi(current, write("extended.yaml", extended), work).breaking())
                .as("an optional payload field added (tolerant readers)").isEmpty();
    }

    private Path currentAsyncApi() throws Exception {
        try (InputStream in = getClass().getResourceAsStream("/asyncapi.yaml")) {
            assertThat(in).as("asyncapi.yaml on the classpath").isNotNull();
            Path file = Files.createDirectories(work).resolve("asyncapi.yaml");
            Files.write(file, in.readAllBytes());
            return file;
        }
    }

    private Path write(String name, Map<String, Object> document) throws Exception {
        DumperOptions options = new DumperOptions();
        options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        Path file = work.resolve(name);
        Files.writeString(file, new Yaml(options).dump(document), StandardCharsets.UTF_8);
        return file;
    }

    private static Map<String, Object> load(Path file) throws Exception {
        return new Yaml().load(Files.readString(file));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> info(Map<String, Object> document) {
        return (Map<String, Object>) document.get("info");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> properties(Map<String, Object> document, String section, String name) {
        Map<String, Object> components = (Map<String, Object>) document.get("components");
        Map<String, Object> schema = (Map<String, Object>) ((Map<String, Object>) components.get(section)).get(name);
        return (Map<String, Object>) schema.get("properties");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> payload(Map<String, Object> document, String message) {
        Map<String, Object> components = (Map<String, Object>) document.get("components");
        Map<String, Object> messages = (Map<String, Object>) components.get("messages");
        return (Map<String, Object>) ((Map<String, Object>) messages.get(message)).get("payload");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> payloadProperties(Map<String, Object> document, String message) {
        return (Map<String, Object>) payload(document, message).get("properties");
    }

    private String pretty(String document) throws Exception {
        return json.writerWithDefaultPrettyPrinter().writeValueAsString(json.readTree(document)) + "\n";
    }

    private static void assumeNpx() {
        Assumptions.assumeTrue(Npx.available(), "npx is not installed (CI has Node.js): the AsyncAPI gate was skipped");
    }
}
