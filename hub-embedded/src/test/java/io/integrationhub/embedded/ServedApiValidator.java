package io.integrationhub.embedded;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.model.Request;
import com.atlassian.oai.validator.model.SimpleRequest;
import com.atlassian.oai.validator.model.SimpleResponse;
import com.atlassian.oai.validator.report.ValidationReport;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * One served OpenAPI document and Atlassian's swagger-request-validator over it: does a request, and the response the
 * hub gave it, match what the document says (path, parameters, body schema; status, content type, body schema)?
 * The validator's rules are used as they come, with one documented exception (see {@link #validateResponse}).
 */
final class ServedApiValidator {

    /** An operation of the document: its method, path template and whether it needs a login. */
    record Operation(String method, String template, Pattern path, boolean protectedByLogin) {
        String name() {
            return method + " " + template;
        }
    }

    private final OpenApiInteractionValidator validator;
    private final List<Operation> operations = new ArrayList<>();

    ServedApiValidator(String document) throws Exception {
        this.validator = OpenApiInteractionValidator.createForInlineApiSpecification(document).build();
        JsonNode paths = new ObjectMapper().readTree(document).get("paths");
        paths.fields().forEachRemaining(path -> path.getValue().fields().forEachRemaining(method -> {
            JsonNode security = method.getValue().get("security");
            operations.add(new Operation(method.getKey().toUpperCase(), path.getKey(),
                    Pattern.compile(path.getKey().replaceAll("\\{[^}]+}", "[^/]+")),
                    security != null && !security.isEmpty()));
        }));
    }

    Optional<Operation> operation(String method, String path) {
        return operations.stream().filter(o -> o.method().equals(method) && o.path().matcher(path).matches())
                // a literal segment wins over a template (…/dead-letters/replay over …/{id}/replay)
                .min(java.util.Comparator.comparingInt(o -> o.template().split("\\{").length));
    }

    List<Operation> operations() {
        return operations;
    }

    /** Request and response against the document. */
    ValidationReport validate(String method, String target, Map<String, String> headers, String body,
            RawHttp.Response response) {
        return validator.validate(request(method, target, headers, body), response(response));
    }

    /**
     * The response alone, for a request the README shows failing on purpose (a client mistake, a request without the
     * login the document asks for): the request is meant not to match the document, the answer still must.
     */
    ValidationReport validateResponse(String method, String target, RawHttp.Response response) {
        return validator.validateResponse(path(target), Request.Method.valueOf(method), response(response));
    }

    private static SimpleRequest request(String method, String target, Map<String, String> headers, String body) {
        SimpleRequest.Builder request = new SimpleRequest.Builder(method, path(target));
        headers.forEach(request::withHeader);
        if (body != null) {
            request.withBody(body);
        }
        int query = target.indexOf('?');
        if (query >= 0) {
            for (String pair : target.substring(query + 1).split("&")) {
                int eq = pair.indexOf('=');
                String name = decode(eq < 0 ? pair : pair.substring(0, eq));
                request.withQueryParam(name, eq < 0 ? "" : decode(pair.substring(eq + 1)));
            }
        }
        return request.build();
    }

    private static SimpleResponse response(RawHttp.Response response) {
        SimpleResponse.Builder built = SimpleResponse.Builder.status(response.status());
        response.headers().forEach(built::withHeader);
        if (!response.body().isEmpty()) {
            built.withBody(response.body());
        }
        return built.build();
    }

    private static String path(String target) {
        int query = target.indexOf('?');
        return query < 0 ? target : target.substring(0, query);
    }

    private static String decode(String text) {
        try {
            return URLDecoder.decode(text, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException malformed) {
            return text;
        }
    }

    static String describe(ValidationReport report) {
        StringBuilder text = new StringBuilder();
        report.getMessages().forEach(m -> text.append("\n      [").append(m.getKey()).append("] ")
                .append(m.getMessage().replace('\n', ' ')));
        return text.toString();
    }
}
