package io.integrationhub.routes.rest;

import java.io.IOException;
import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;

import org.apache.camel.Exchange;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Reads a REST request body into its request record, or refuses it with a 4xx problem: JSON media type (415),
 * UTF-8 (checked on the bytes by {@link Utf8BodyFilter}), one JSON object, the types of {@link StrictJson}, then
 * the limits the record declares as Bean Validation annotations (the same annotations the OpenAPI document shows).
 * The limits live on the records only.
 */
public class RequestBodies {

    private final ObjectMapper strict;
    private final Validator validator;

    public RequestBodies(ObjectMapper json, Validator validator) {
        this.strict = StrictJson.of(json);
        this.validator = validator;
    }

    /** Bean name (HubRestConfiguration); looked up by name, which is cheaper per request than by type. */
    static final String BEAN = "requestBodies";

    /** For routes without the bean at hand: the body of the exchange's request as {@code type}, checked. */
    public static <T> T read(Exchange exchange, Class<T> type) throws IOException {
        return exchange.getContext().getRegistry().lookupByNameAndType(BEAN, RequestBodies.class)
                .parse(exchange, type);
    }

    public <T> T parse(Exchange exchange, Class<T> type) throws IOException {
        requireJson(exchange.getMessage().getHeader(Exchange.CONTENT_TYPE, String.class));
        String text = text(exchange.getMessage().getBody(String.class), type);
        try (JsonParser parser = strict.createParser(text)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw ProblemException.badRequest("The body must be " + shape(type) + ".");
            }
        } catch (JsonProcessingException e) {
            throw ProblemException.badRequest(JsonProblems.describe(e));
        }
        T value = strict.readValue(text, type);
        Set<ConstraintViolation<T>> violations = validator.validate(value);
        if (!violations.isEmpty()) {
            throw ProblemException.badRequest(violations.stream()
                    .sorted(Comparator.comparing((ConstraintViolation<T> v) -> v.getPropertyPath().toString())
                            .thenComparing(ConstraintViolation::getMessage))
                    .map(v -> "'" + v.getPropertyPath() + "' " + v.getMessage())
                    .distinct()
                    .collect(Collectors.joining("; ")) + ".");
        }
        return value;
    }

    /** application/json (or +json), in UTF-8: RFC 8259 allows no other encoding between systems. */
    static void requireJson(String contentType) {
        String type = contentType == null ? "" : contentType.toLowerCase(Locale.ROOT);
        String mediaType = type.split(";", 2)[0].trim();
        if (!mediaType.equals("application/json") && !mediaType.endsWith("+json")) {
            throw new ProblemException(415, "Unsupported media type", "Send the body as application/json.");
        }
        for (String parameter : type.split(";")) {
            String[] pair = parameter.trim().split("=", 2);
            if (pair.length == 2 && pair[0].trim().equals("charset")
                    && !pair[1].trim().replace("\"", "").equals("utf-8")) {
                throw new ProblemException(415, "Unsupported media type", "Send the body in UTF-8.");
            }
        }
    }

    /** The body as text: the bytes were checked to be UTF-8 by {@link Utf8BodyFilter} before anyone decoded them. */
    private static String text(String body, Class<?> type) {
        if (body == null || body.isEmpty()) {
            throw ProblemException.badRequest("The body is empty; it must be " + shape(type) + ".");
        }
        if (body.charAt(0) == '\uFEFF') {
            throw ProblemException.badRequest("The body must not start with a byte order mark.");
        }
        return body;
    }

    /** "a JSON object with name, creditLimit": the fields the record requires, in the API's words. */
    static String shape(Class<?> type) {
        if (!type.isRecord()) {
            return "a JSON object";
        }
        String required = Arrays.stream(type.getRecordComponents())
                .filter(RequestBodies::required)
                .map(RecordComponent::getName)
                .collect(Collectors.joining(", "));
        return required.isEmpty() ? "a JSON object" : "a JSON object with " + required;
    }

    private static boolean required(RecordComponent component) {
        return component.isAnnotationPresent(NotNull.class) || component.isAnnotationPresent(NotBlank.class)
                || component.isAnnotationPresent(NotEmpty.class)
                || component.getAccessor().isAnnotationPresent(NotNull.class)
                || component.getAccessor().isAnnotationPresent(NotBlank.class)
                || component.getAccessor().isAnnotationPresent(NotEmpty.class);
    }
}
