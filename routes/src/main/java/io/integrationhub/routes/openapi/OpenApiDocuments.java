package io.integrationhub.routes.openapi;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.camel.CamelContext;
import org.apache.camel.model.rest.RestDefinition;
import org.apache.camel.openapi.BeanConfig;
import org.apache.camel.openapi.OpenApiHelper;
import org.apache.camel.openapi.RestOpenApiReader;
import org.apache.camel.openapi.RestOpenApiSupport;

import io.integrationhub.routes.security.ProtectedOperations;
import io.swagger.v3.oas.models.OpenAPI;

/**
 * Renders an {@link OpenApiDocument} with camel-openapi-java's own reader over the REST DSL definitions under its
 * path. Camel's {@code api-context-path} serves one document per CamelContext; the embedded mode runs both
 * applications in one context, and each application's document must stay where its clients look for it.
 * Rendered once per document: the REST definitions do not change while the application runs.
 */
public class OpenApiDocuments {

    private final CamelContext camel;
    private final ProtectedOperations security;
    private final Map<String, String> rendered = new ConcurrentHashMap<>();

    public OpenApiDocuments(CamelContext camel, ProtectedOperations security) {
        this.camel = camel;
        this.security = security;
    }

    public String json(OpenApiDocument document) {
        return rendered.computeIfAbsent(document.path(), path -> render(document));
    }

    private String render(OpenApiDocument document) {
        try {
            BeanConfig config = new BeanConfig();
            new RestOpenApiSupport().initOpenApi(config, Map.of(
                    "openapi.version", "3.0.3",
                    "api.title", document.title(),
                    "api.version", document.version(),
                    "api.description", document.description()));
            List<RestDefinition> rests = new RestOpenApiSupport().getRestDefinitions(camel).stream()
                    .filter(rest -> isUnder(path(rest), document.operationsUnder()))
                    .toList();
            OpenAPI api = new RestOpenApiReader().read(camel, rests, config, camel.getName(), camel.getClassResolver());
            // as Camel's own api-context-path does (camel.rest.api-vendor-extension=false): no x-camelContextId,
            // no x-className naming a Java class
            OpenApiHelper.clearVendorExtensions(api);
            return RestOpenApiSupport.getJsonFromOpenAPIAsString(ApiContract.complete(api, security), config);
        } catch (Exception e) {
            throw new IllegalStateException("Cannot render the OpenAPI document " + document.path(), e);
        }
    }

    /** {@code /api/v1/orders} and {@code /api/v1} itself are under {@code /api/v1/}; {@code /api/v2/orders} is not. */
    static boolean isUnder(String path, String prefix) {
        return path.startsWith(prefix) || (prefix.endsWith("/") && path.equals(prefix.substring(0, prefix.length() - 1)));
    }

    private String path(RestDefinition rest) {
        String path = camel.resolvePropertyPlaceholders(rest.getPath() == null ? "" : rest.getPath());
        return path.startsWith("/") ? path : "/" + path;
    }
}
