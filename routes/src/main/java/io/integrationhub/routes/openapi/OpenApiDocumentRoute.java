package io.integrationhub.routes.openapi;

import java.util.List;

import org.apache.camel.builder.RouteBuilder;

import io.integrationhub.routes.rest.HubRestErrors;
import io.integrationhub.routes.rest.RestResponses;

/**
 * {@code GET <document path>} for every {@link OpenApiDocument} bean, e.g. {@code /api/v1/openapi.json} (order-app)
 * and {@code /partners/api/v1/openapi.json} (partner-adapters). Public, like the API it describes; not listed in the
 * documents themselves.
 */
public class OpenApiDocumentRoute extends RouteBuilder {

    private final List<OpenApiDocument> documents;
    private final OpenApiDocuments renderer;

    public OpenApiDocumentRoute(List<OpenApiDocument> documents, OpenApiDocuments renderer) {
        this.documents = documents;
        this.renderer = renderer;
    }

    @Override
    public void configure() {
        for (OpenApiDocument document : documents) {
            String id = "openapi-document" + document.path().replaceAll("[^A-Za-z0-9]+", "-").replaceAll("-+$", "");
            rest(document.path()).apiDocs(false)
                    .get().id(id).description("This OpenAPI document").produces("application/json")
                    .to("direct:" + id);
            from("direct:" + id).routeId(id).routeConfigurationId(HubRestErrors.ID)
                    .description("Serves the OpenAPI document " + document.path())
                    .process(e -> RestResponses.respond(e, 200, "application/json", renderer.json(document)));
        }
    }
}
