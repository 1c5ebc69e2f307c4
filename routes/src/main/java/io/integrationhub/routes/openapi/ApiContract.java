package io.integrationhub.routes.openapi;

import java.util.List;
import java.util.Map;
import java.util.Set;

import org.springframework.http.HttpStatus;

import io.integrationhub.routes.security.ProtectedOperations;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import io.swagger.v3.oas.models.servers.Server;

/**
 * What the hub's HTTP layer does to every operation and the REST DSL cannot express, written into the generated
 * document: every 4xx/5xx body is an RFC 9457 problem ({@code application/problem+json}; camel-openapi-java gives
 * every response the operation's {@code produces} type), protected operations need HTTP basic and may answer 401/403
 * (Spring Security, not the route, answers those), and the server is the host the document was fetched from
 * (camel-openapi-java wrote the bind address {@code http://0.0.0.0}, which no client can call).
 */
final class ApiContract {

    static final String PROBLEM = "Problem";
    static final String PROBLEM_JSON = "application/problem+json";
    static final String BASIC = "basicAuth";

    private ApiContract() {
    }

    static OpenAPI complete(OpenAPI api, ProtectedOperations security) {
        api.setServers(List.of(new Server().url("/").description("The host that served this document")));
        Components components = api.getComponents() != null ? api.getComponents() : new Components();
        api.setComponents(components);
        components.addSchemas(PROBLEM, problemSchema());
        components.addSecuritySchemes(BASIC, new SecurityScheme().type(SecurityScheme.Type.HTTP).scheme("basic")
                .description("Operators (role admin) and partner systems (role partner); credentials from the "
                        + "environment (HUB_ADMIN_PASSWORD, HUB_PARTNER_PASSWORD)"));
        if (api.getPaths() != null) {
            api.getPaths().forEach((path, item) -> item.readOperationsMap()
                    .forEach((method, operation) -> complete(path, method, operation, security)));
        }
        if (!usesLogin(api)) {
            // a document whose operations are all public (order-app's v2) declares no scheme nobody uses
            components.setSecuritySchemes(null);
        }
        dropUnusedTags(api);
        if (components.getSchemas() != null) {
            components.getSchemas().values().forEach(ApiContract::dropClassNames);
            dropUnusedSchemas(api);
        }
        return api;
    }

    /**
     * swagger-core registers the class of a {@code @Schema(implementation = …)} property as a component although it
     * writes the property inline; a schema nothing refers to is noise (Redocly: no-unused-components).
     */
    private static void dropUnusedSchemas(OpenAPI api) {
        Map<String, Schema> schemas = api.getComponents().getSchemas();
        boolean dropped = true;
        while (dropped) {
            String document = io.swagger.v3.core.util.Json.pretty(api);
            dropped = schemas.keySet().removeIf(name -> !document.contains("\"#/components/schemas/" + name + "\""));
        }
    }

    /** Camel's vendor-extension cleanup leaves x-className on nested properties (e.g. an Object-typed field). */
    private static void dropClassNames(Schema<?> schema) {
        if (schema == null) {
            return;
        }
        if (schema.getExtensions() != null) {
            schema.getExtensions().remove("x-className");
            if (schema.getExtensions().isEmpty()) {
                schema.setExtensions(null);
            }
        }
        if (schema.getProperties() != null) {
            schema.getProperties().values().forEach(ApiContract::dropClassNames);
        }
        dropClassNames(schema.getItems());
        if (schema.getAdditionalProperties() instanceof Schema<?> values) {
            dropClassNames(values);
        }
    }

    private static void complete(String path, PathItem.HttpMethod method, Operation operation,
            ProtectedOperations security) {
        ApiResponses responses = operation.getResponses() != null ? operation.getResponses() : new ApiResponses();
        operation.setResponses(responses);
        Set<String> roles = security.rolesFor(method.name(), path);
        if (roles.isEmpty()) {
            // explicitly public: an empty requirement, not a missing one
            operation.setSecurity(List.of());
        } else {
            operation.setSecurity(List.of(new SecurityRequirement().addList(BASIC)));
            responses.putIfAbsent("401", new ApiResponse().description("Login required (HTTP basic)"));
            responses.putIfAbsent("403", new ApiResponse().description(
                    "Logged in without the role " + ProtectedOperations.describe(roles)));
        }
        // QueryTextFilter refuses such a query string on every API path, before any route runs
        responses.putIfAbsent("400", new ApiResponse().description("Malformed query string: names and values must "
                + "be UTF-8, with '%' only in escapes"));
        responses.putIfAbsent("500", new ApiResponse().description("Unexpected failure; the detail never names "
                + "internals"));
        for (Map.Entry<String, ApiResponse> entry : responses.entrySet()) {
            ApiResponse response = entry.getValue();
            int status = status(entry.getKey());
            if (response.getDescription() == null || response.getDescription().isBlank()) {
                HttpStatus known = HttpStatus.resolve(status);
                response.setDescription(known != null ? known.getReasonPhrase() : "Response " + entry.getKey());
            }
            if (status >= 400) {
                // a problem with extension members of its own (a responseModel named *Problem in the REST DSL) keeps
                // its schema; any other schema there is Camel's copy of the operation's outType
                Schema<?> schema = declaredProblem(response);
                response.setContent(new Content().addMediaType(PROBLEM_JSON, new MediaType().schema(
                        schema != null ? schema : new Schema<>().$ref("#/components/schemas/" + PROBLEM))));
            }
        }
        if (operation.getSummary() == null || operation.getSummary().isBlank()) {
            operation.setSummary(operation.getOperationId());
        }
    }

    private static Schema<?> declaredProblem(ApiResponse response) {
        if (response.getContent() == null) {
            return null;
        }
        return response.getContent().values().stream().map(MediaType::getSchema)
                .filter(schema -> schema != null && schema.get$ref() != null && schema.get$ref().endsWith("Problem"))
                .findFirst().orElse(null);
    }

    private static boolean usesLogin(OpenAPI api) {
        return api.getPaths() != null && api.getPaths().values().stream().flatMap(item -> item.readOperations().stream())
                .anyMatch(operation -> operation.getSecurity() != null && !operation.getSecurity().isEmpty());
    }

    /** The document routes are left out of the documents, but Camel still writes their paths as tags. */
    private static void dropUnusedTags(OpenAPI api) {
        if (api.getTags() == null || api.getPaths() == null) {
            return;
        }
        Set<String> used = new java.util.HashSet<>();
        api.getPaths().values().forEach(item -> item.readOperations().forEach(operation -> {
            if (operation.getTags() != null) {
                used.addAll(operation.getTags());
            }
        }));
        api.setTags(api.getTags().stream().filter(tag -> used.contains(tag.getName())).toList());
    }

    private static int status(String code) {
        try {
            return Integer.parseInt(code);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** RFC 9457 §3.1, as ProblemWriter renders it. */
    private static Schema<?> problemSchema() {
        return new ObjectSchema()
                .description("RFC 9457 problem details")
                .addRequiredItem("type").addRequiredItem("title").addRequiredItem("status")
                .addProperty("type", new StringSchema().format("uri-reference")
                        .description("Identifies the problem type; about:blank when the status says it all")
                        ._default("about:blank"))
                .addProperty("title", new StringSchema().description("Short summary of the problem type"))
                .addProperty("status", new IntegerSchema().minimum(java.math.BigDecimal.valueOf(400))
                        .maximum(java.math.BigDecimal.valueOf(599)).description("The HTTP status code"))
                .addProperty("detail", new StringSchema().nullable(true).description("What went wrong with this request"))
                .addProperty("instance", new StringSchema()
                        .description("The request path the problem occurred on"));
    }
}
