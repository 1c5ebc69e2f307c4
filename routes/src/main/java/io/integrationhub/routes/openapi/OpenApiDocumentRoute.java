package io.integrationhub.routes.openapi;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.camel.builder.RouteBuilder;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.integrationhub.routes.rest.HubRestErrors;
import io.integrationhub.routes.rest.RestResponses;

/**
 * {@code GET <document path>} for every {@link OpenApiDocument} bean, e.g. {@code /api/v1/openapi.json} (order-app)
 * and {@code /partners/api/v1/openapi.json} (partner-adapters), and beside each {@code openapi-documents.json}, the
 * list of this process's documents that Swagger UI ({@link ApiDocsUi}) shows. Public, like the API they describe;
 * not listed in the documents themselves.
 */
public class OpenApiDocumentRoute extends RouteBuilder {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final List<OpenApiDocument> documents;
    private final OpenApiDocuments renderer;

    public OpenApiDocumentRoute(List<OpenApiDocument> documents, OpenApiDocuments renderer) {
        this.documents = documents;
        this.renderer = renderer;
    }

    /** What Swagger UI's selector shows, unique per document: one service may serve several major versions. */
    static String name(OpenApiDocument document) {
        return document.title() + " " + document.version();
    }

    @Override
    public void configure() throws Exception {
        // the documents Swagger UI lists (ApiDocsUi), the one beside each page first
        for (OpenApiDocument document : documents) {
            String id = "openapi-documents" + ApiDocsUi.listPath(document).replaceAll("[^A-Za-z0-9]+", "-")
                    .replaceAll("-json$", "");
            List<Map<String, String>> urls = new ArrayList<>();
            urls.add(Map.of("url", document.path(), "name", name(document)));
            documents.stream().filter(other -> other != document)
                    .forEach(other -> urls.add(Map.of("url", other.path(), "name", name(other))));
            String config = JSON.writeValueAsString(Map.of("urls", urls, "urls.primaryName", name(document)));
            rest(ApiDocsUi.listPath(document)).apiDocs(false)
                    .get().id(id).description("The OpenAPI documents of this process").produces("application/json")
                    .to("direct:" + id);
            from("direct:" + id).routeId(id).routeConfigurationId(HubRestErrors.ID)
                    .description("Lists the OpenAPI documents for Swagger UI")
                    .process(e -> RestResponses.respond(e, 200, "application/json", config)).id("list-" + id);
        }
        for (OpenApiDocument document : documents) {
            String id = "openapi-document" + document.path().replaceAll("[^A-Za-z0-9]+", "-").replaceAll("-+$", "");
            rest(document.path()).apiDocs(false)
                    .get().id(id).description("This OpenAPI document").produces("application/json")
                    .to("direct:" + id);
            from("direct:" + id).routeId(id).routeConfigurationId(HubRestErrors.ID)
                    .description("Serves the OpenAPI document " + document.path())
                    .process(e -> RestResponses.respond(e, 200, "application/json", renderer.json(document)))
                    .id("render-" + id);
        }
    }
}
