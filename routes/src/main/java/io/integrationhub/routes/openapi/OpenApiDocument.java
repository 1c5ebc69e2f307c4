package io.integrationhub.routes.openapi;

/**
 * One application's OpenAPI document: the REST operations under {@code operationsUnder}, served at {@code path}.
 * Each application declares one bean; when several share one JVM, each still gets its own document.
 *
 * @param path            where the document is served, e.g. {@code /api/v1/openapi.json}
 * @param operationsUnder the path prefix of the operations it describes, e.g. {@code /api/}
 * @param title           {@code info.title}
 * @param version         {@code info.version}
 * @param description     {@code info.description}
 */
public record OpenApiDocument(String path, String operationsUnder, String title, String version, String description) {
}
