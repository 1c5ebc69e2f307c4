package io.integrationhub.routes.openapi;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Properties;

import org.springframework.web.servlet.config.annotation.ResourceHandlerRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Swagger UI beside each document: {@code /api/v1/docs/index.html}, {@code /api/v2/docs/index.html} and
 * {@code /partners/api/v1/docs/index.html}.
 * The page and Swagger UI's files (the {@code org.webjars:swagger-ui} jar) are static and public like the documents;
 * the page loads nothing from another origin and no inline script.
 */
public class ApiDocsUi implements WebMvcConfigurer {

    static final String WEBJAR = "META-INF/resources/webjars/swagger-ui/";

    private final List<OpenApiDocument> documents;

    public ApiDocsUi(List<OpenApiDocument> documents) {
        this.documents = documents;
    }

    /** {@code /api/v1/openapi.json} → {@code /api/v1/docs/}. */
    static String docsPath(OpenApiDocument document) {
        return document.path().substring(0, document.path().lastIndexOf('/') + 1) + "docs/";
    }

    /** {@code /api/v1/openapi.json} → {@code /api/v1/openapi-documents.json}: the documents the page lists. */
    static String listPath(OpenApiDocument document) {
        return document.path().substring(0, document.path().lastIndexOf('/') + 1) + "openapi-documents.json";
    }

    @Override
    public void addResourceHandlers(ResourceHandlerRegistry registry) {
        String swaggerUi = "classpath:/" + WEBJAR + webjarVersion() + "/";
        for (OpenApiDocument document : documents) {
            registry.addResourceHandler(docsPath(document) + "swagger-ui/**").addResourceLocations(swaggerUi);
            registry.addResourceHandler(docsPath(document) + "**").addResourceLocations("classpath:/hub-api-docs/");
        }
    }

    private static String webjarVersion() {
        try (InputStream in = ApiDocsUi.class.getClassLoader()
                .getResourceAsStream("META-INF/maven/org.webjars/swagger-ui/pom.properties")) {
            if (in == null) {
                throw new IllegalStateException("org.webjars:swagger-ui is missing from the classpath");
            }
            Properties pom = new Properties();
            pom.load(in);
            return pom.getProperty("version");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
