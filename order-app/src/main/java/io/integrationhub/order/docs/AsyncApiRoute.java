package io.integrationhub.order.docs;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

import org.apache.camel.builder.RouteBuilder;
import org.springframework.stereotype.Component;

import io.integrationhub.routes.rest.HubRestErrors;
import io.integrationhub.routes.rest.RestResponses;

/**
 * {@code GET /api/v1/asyncapi.yaml}: the messaging contract beside the REST API's generated
 * {@code /api/v1/openapi.json}. The document ships in the routes jar; hub-embedded's AsyncApiConformanceTest keeps
 * it true to what the routes send.
 */
@Component
public class AsyncApiRoute extends RouteBuilder {

    @Override
    public void configure() {
        String document = read("/asyncapi.yaml");
        rest("/api/v1").description("API documents")
                .get("/asyncapi.yaml").id("get-asyncapi").description("The messaging API (AsyncAPI 3.0)")
                    .produces("application/yaml")
                    .responseMessage().code(200).message("The AsyncAPI document").responseModel(String.class)
                        .endResponseMessage()
                    .to("direct:asyncapi");
        from("direct:asyncapi").routeId("asyncapi").routeConfigurationId(HubRestErrors.ID)
                .process(e -> RestResponses.respond(e, 200, "application/yaml", document)).id("serve-asyncapi");
    }

    private static String read(String resource) {
        try (InputStream in = AsyncApiRoute.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(resource + " is missing from the classpath (routes jar)");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
