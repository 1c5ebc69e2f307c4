package io.integrationhub.routes.rest;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.temporal.Temporal;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;

/**
 * Jackson's failures in the API's words: where in the document, and what was expected there. Jackson's own messages
 * name Java classes ({@code Cannot deserialize value of type `io.integrationhub…`}); none of that reaches a client.
 */
final class JsonProblems {

    private JsonProblems() {
    }

    static String describe(JsonProcessingException e) {
        String path = e instanceof JsonMappingException mapping ? path(mapping.getPath()) : "";
        if (e instanceof StrictJson.InvalidValueException) {
            return "Field '" + path + "' " + e.getOriginalMessage() + ".";
        }
        if (e instanceof MismatchedInputException mismatch && !path.isEmpty()) {
            return "Field '" + path + "' must be " + words(mismatch.getTargetType()) + ".";
        }
        if (!path.isEmpty()) {
            return "Field '" + path + "' has a value that is out of range or of the wrong type.";
        }
        String message = String.valueOf(e.getOriginalMessage());
        if (message.startsWith("Trailing token")) {
            return "The body must end after the JSON object" + at(e.getLocation()) + ".";
        }
        if (message.startsWith("Duplicate field")) {
            return "The body names a field twice" + at(e.getLocation()) + ".";
        }
        if (e instanceof JsonMappingException) {
            return "The body does not have the expected shape" + at(e.getLocation()) + ".";
        }
        return "The body is not valid JSON" + at(e.getLocation()) + ".";
    }

    private static String path(List<JsonMappingException.Reference> references) {
        return references.stream()
                .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
                .collect(Collectors.joining(".")).replace(".[", "[");
    }

    private static String at(JsonLocation location) {
        return location == null || location.getLineNr() < 0 ? ""
                : " (line " + location.getLineNr() + ", column " + location.getColumnNr() + ")";
    }

    /** A Java type as a JSON type. */
    static String words(Class<?> type) {
        if (type == null) {
            return "of another type";
        }
        if (type == String.class || type == Character.class || type == char.class) {
            return "a string";
        }
        if (type == Integer.class || type == int.class || type == Long.class || type == long.class
                || type == Short.class || type == short.class || type == BigInteger.class) {
            return "a whole number";
        }
        if (Number.class.isAssignableFrom(type) || type == double.class || type == float.class
                || type == BigDecimal.class) {
            return "a number";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "true or false";
        }
        if (Temporal.class.isAssignableFrom(type)) {
            return StrictJson.DATE_TIME_WORDS;
        }
        if (type.isArray() || Collection.class.isAssignableFrom(type)) {
            return "an array";
        }
        if (Map.class.isAssignableFrom(type) || type.isRecord() || !type.getName().startsWith("java.")) {
            return "an object";
        }
        return "of another type";
    }
}
