package io.integrationhub.routes.openapi;

import org.apache.camel.CamelContext;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.context.annotation.Bean;

import io.integrationhub.routes.rest.HubRestConfiguration;
import io.integrationhub.routes.security.HubSecurityConfiguration;
import io.integrationhub.routes.security.HubSecurityProperties;
import io.integrationhub.routes.security.ProtectedOperations;

/** The served OpenAPI documents, one per {@link OpenApiDocument} bean the applications declare. */
@AutoConfiguration(after = { HubRestConfiguration.class, HubSecurityConfiguration.class })
public class OpenApiConfiguration {

    @Bean
    ProtectedOperations protectedOperations(HubSecurityProperties properties) {
        return new ProtectedOperations(properties);
    }

    @Bean
    OpenApiDocuments openApiDocuments(CamelContext camel, ProtectedOperations security) {
        return new OpenApiDocuments(camel, security);
    }

    @Bean
    ApiDocsUi apiDocsUi(ObjectProvider<OpenApiDocument> documents) {
        return new ApiDocsUi(documents.orderedStream().toList());
    }

    @Bean
    OpenApiDocumentRoute openApiDocumentRoute(ObjectProvider<OpenApiDocument> documents, OpenApiDocuments renderer) {
        return new OpenApiDocumentRoute(documents.orderedStream().toList(), renderer);
    }
}
