package io.integrationhub.embedded;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.openapitools.openapidiff.core.OpenApiCompare;
import org.openapitools.openapidiff.core.model.ChangedOpenApi;
import org.openapitools.openapidiff.core.output.MarkdownRender;
import org.yaml.snakeyaml.Yaml;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The breaking-change gate of the hub's two IDLs (DESIGN.md §6): a contract may change compatibly within its major
 * version; a breaking change passes only together with a new major version. The decision which change breaks a client
 * is left to maintained tools — openapi-diff for the OpenAPI documents, the AsyncAPI CLI's {@code diff} for
 * asyncapi.yaml — never to code of ours; this class only asks them and compares the majors.
 */
final class ContractGate {

    /** Pinned like the other npm tools of the build: the version whose classification this gate was checked with. */
    static final String ASYNCAPI_CLI = "@asyncapi/cli@6.2.0";

    /** Where the committed baselines live: the contracts clients were last given, one file per document and major. */
    static final Path BASELINES = Path.of("..", "contracts");

    /**
     * @param breaking     what the tool calls breaking, one line each (empty: compatible)
     * @param majorChanged the current document's major version is not the baseline's
     */
    record Verdict(List<String> breaking, boolean majorChanged, String baselineMajor, String currentMajor) {

        boolean passes() {
            return breaking.isEmpty() || majorChanged;
        }

        @Override
        public String toString() {
            return breaking.isEmpty() ? "compatible"
                    : breaking.size() + " breaking change(s), major " + baselineMajor + " → " + currentMajor + ":\n"
                            + String.join("\n", breaking);
        }
    }

    private ContractGate() {
    }

    /** openapi-diff's verdict on two OpenAPI documents (JSON or YAML text). */
    static Verdict openApi(String baseline, String current) {
        ChangedOpenApi diff = OpenApiCompare.fromContents(baseline, current);
        List<String> breaking = new ArrayList<>();
        if (diff.isIncompatible()) {
            // openapi-diff's own report: which operation, which parameter/field, and how
            breaking.addAll(new MarkdownRender().render(diff).lines().filter(line -> !line.isBlank()).toList());
        }
        String before = major(diff.getOldSpecOpenApi().getInfo().getVersion());
        String after = major(diff.getNewSpecOpenApi().getInfo().getVersion());
        return new Verdict(breaking, !before.equals(after), before, after);
    }

    /**
     * The AsyncAPI CLI's breaking changes between two AsyncAPI files. Its standard classifies channels, operations,
     * servers and messages, but leaves every change inside a payload or header schema "unclassified" — so a field's
     * type changing would pass. {@link #schemaOverrides()} classifies those too, through the CLI's documented
     * overrides file. A change of {@code info.version} itself is not counted: it is how the major is raised.
     */
    static Verdict asyncApi(Path baseline, Path current, Path workDirectory) throws IOException, InterruptedException {
        Path overrides = workDirectory.resolve("asyncapi-diff-overrides.json");
        Files.writeString(overrides, new ObjectMapper().writerWithDefaultPrettyPrinter()
                .writeValueAsString(schemaOverrides()));
        Npx.Result diff = Npx.run(workDirectory, ASYNCAPI_CLI, "diff", baseline.toAbsolutePath().toString(),
                current.toAbsolutePath().toString(), "--type=breaking", "--format=json", "--no-error",
                "--overrides=" + overrides.toAbsolutePath());
        JsonNode changes = changesIn(diff);
        List<String> breaking = new ArrayList<>();
        for (JsonNode change : changes) {
            String path = change.path("path").asText();
            if (!path.equals("/info/version")) {
                breaking.add(change.path("action").asText() + " " + path + " (" + change.path("before") + " → "
                        + change.path("after") + ")");
            }
        }
        String before = major(asyncApiVersion(baseline));
        String after = major(asyncApiVersion(current));
        return new Verdict(breaking, !before.equals(after), before, after);
    }

    /**
     * What breaks a message's producer or consumer inside its schemas: a property removed, a type, format, pattern,
     * const or enum changed, the required list changed either way (a field a consumer relies on may go missing; a
     * sender must now send more). A property added is compatible (consumers are tolerant readers, DESIGN.md §2);
     * descriptions and examples never matter. Keys are the CLI's JSON pointers with {@code *} per segment, and every
     * prefix of a key must be classified too — that is how the CLI walks its standard.
     */
    static Map<String, Map<String, String>> schemaOverrides() {
        Map<String, Map<String, String>> overrides = new LinkedHashMap<>();
        for (String part : List.of("headers", "payload")) {
            schema(overrides, "/channels/*/messages/*/" + part, 3);
        }
        return overrides;
    }

    private static void schema(Map<String, Map<String, String>> overrides, String at, int depth) {
        for (String keyword : List.of("type", "format", "pattern", "const", "enum", "required", "minimum", "maximum",
                "minLength", "maxLength", "$ref")) {
            overrides.put(at + "/" + keyword, classified("breaking", "breaking", "breaking"));
            overrides.put(at + "/" + keyword + "/*", classified("breaking", "breaking", "breaking"));
        }
        for (String keyword : List.of("description", "examples", "title")) {
            overrides.put(at + "/" + keyword, classified("non-breaking", "non-breaking", "non-breaking"));
            overrides.put(at + "/" + keyword + "/*", classified("non-breaking", "non-breaking", "non-breaking"));
        }
        overrides.put(at + "/properties", classified("non-breaking", "breaking", "breaking"));
        overrides.put(at + "/properties/*", classified("non-breaking", "breaking", "breaking"));
        overrides.put(at + "/items", classified("breaking", "breaking", "breaking"));
        overrides.put(at + "/allOf", classified("breaking", "breaking", "breaking"));
        overrides.put(at + "/allOf/*", classified("breaking", "breaking", "breaking"));
        if (depth > 0) {
            schema(overrides, at + "/properties/*", depth - 1);
            schema(overrides, at + "/items", depth - 1);
            schema(overrides, at + "/allOf/*", depth - 1);
        }
    }

    private static Map<String, String> classified(String add, String remove, String edit) {
        return Map.of("add", add, "remove", remove, "edit", edit);
    }

    private static JsonNode changesIn(Npx.Result diff) throws IOException {
        // the CLI prints the JSON array of changes (or {"changes": []}) possibly after lines of its own
        String output = diff.output();
        Matcher json = Pattern.compile("[\\[{]").matcher(output);
        int start = json.find() ? json.start() : -1;
        if (diff.exitCode() != 0 || start < 0) {
            throw new IllegalStateException("asyncapi diff failed (exit " + diff.exitCode() + "):\n" + output);
        }
        JsonNode parsed = new ObjectMapper().readTree(output.substring(start));
        return parsed.isArray() ? parsed : parsed.path("changes");
    }

    private static String asyncApiVersion(Path document) throws IOException {
        Map<String, Object> yaml = new Yaml().load(Files.readString(document));
        @SuppressWarnings("unchecked")
        Map<String, Object> info = (Map<String, Object>) yaml.get("info");
        return String.valueOf(info.get("version"));
    }

    /** {@code v1} → 1, {@code 1.4.0} → 1, {@code 2} → 2. */
    static String major(String version) {
        Matcher digits = Pattern.compile("^v?(\\d+)").matcher(version == null ? "" : version.trim());
        if (!digits.find()) {
            throw new IllegalArgumentException("not a version with a major number: " + version);
        }
        return digits.group(1);
    }
}
