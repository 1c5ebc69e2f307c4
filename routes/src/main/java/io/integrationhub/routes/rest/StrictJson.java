package io.integrationhub.routes.rest;

import java.io.IOException;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.KeyDeserializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.type.LogicalType;

/**
 * The JSON reader for request bodies: strict about types, tolerant only of unknown fields. Jackson's defaults guess
 * (quantity 2.5 became 2, "2" and true became numbers, 123 became a 1970 date, {@code {…}xyz} was accepted); here
 * every scalar must already have the type of its field, the document must end where the object ends, and every
 * string is checked by {@link RequestText}.
 */
public final class StrictJson {

    /** Delivery and other times: an instant with offset, within a range PostgreSQL and people can both handle. */
    public static final OffsetDateTime EARLIEST = OffsetDateTime.parse("2000-01-01T00:00:00Z");
    public static final OffsetDateTime LATEST = OffsetDateTime.parse("2100-01-01T00:00:00Z");
    public static final String DATE_TIME_WORDS = "an ISO-8601 date-time with offset between 2000 and 2100, "
            + "e.g. 2026-12-01T18:30:00+01:00";

    private StrictJson() {
    }

    /** A copy of the application's mapper (modules, naming) with the strict settings. */
    public static ObjectMapper of(ObjectMapper base) {
        ObjectMapper strict = base.copy()
                .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
                .configure(DeserializationFeature.FAIL_ON_TRAILING_TOKENS, true)
                .configure(DeserializationFeature.ACCEPT_FLOAT_AS_INT, false)
                .configure(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES, true)
                .configure(DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS, true)
                .configure(DeserializationFeature.ACCEPT_SINGLE_VALUE_AS_ARRAY, false)
                .configure(JsonParser.Feature.STRICT_DUPLICATE_DETECTION, true);
        strict.coercionConfigDefaults().setAcceptBlankAsEmpty(false);
        refuse(strict, LogicalType.Integer, CoercionInputShape.String, CoercionInputShape.Float,
                CoercionInputShape.Boolean, CoercionInputShape.EmptyString);
        refuse(strict, LogicalType.Float, CoercionInputShape.String, CoercionInputShape.Boolean,
                CoercionInputShape.EmptyString);
        refuse(strict, LogicalType.Boolean, CoercionInputShape.String, CoercionInputShape.Integer,
                CoercionInputShape.Float, CoercionInputShape.EmptyString);
        refuse(strict, LogicalType.Textual, CoercionInputShape.Integer, CoercionInputShape.Float,
                CoercionInputShape.Boolean);
        refuse(strict, LogicalType.DateTime, CoercionInputShape.Integer, CoercionInputShape.Float);
        return strict.registerModule(new SimpleModule("hub-strict-request-json")
                .addDeserializer(String.class, new TextDeserializer())
                .addKeyDeserializer(String.class, new TextKeyDeserializer())
                .addDeserializer(OffsetDateTime.class, new InstantWithOffsetDeserializer()));
    }

    private static void refuse(ObjectMapper mapper, LogicalType target, CoercionInputShape... shapes) {
        for (CoercionInputShape shape : shapes) {
            mapper.coercionConfigFor(target).setCoercion(shape, CoercionAction.Fail);
        }
    }

    /** A value of the right JSON type that is still not acceptable; its message is meant for the client. */
    public static final class InvalidValueException extends MismatchedInputException {
        InvalidValueException(JsonParser parser, String message) {
            super(parser, message);
        }
    }

    /** Strings only from JSON strings (never from numbers or booleans), and only text {@link RequestText} accepts. */
    static final class TextDeserializer extends StdScalarDeserializer<String> {
        TextDeserializer() {
            super(String.class);
        }

        @Override
        public String deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            if (!p.hasToken(JsonToken.VALUE_STRING)) {
                return (String) ctxt.handleUnexpectedToken(String.class, p);
            }
            String text = p.getText();
            String problem = RequestText.problem(text);
            if (problem != null) {
                throw new InvalidValueException(p, problem);
            }
            return text;
        }
    }

    static final class TextKeyDeserializer extends KeyDeserializer {
        @Override
        public Object deserializeKey(String key, DeserializationContext ctxt) throws IOException {
            String problem = RequestText.problem(key);
            if (problem != null) {
                throw new InvalidValueException(ctxt.getParser(), "every key " + problem);
            }
            return key;
        }
    }

    /** ISO-8601 with an offset (never a number, a bare date or a local time), between {@link #EARLIEST} and {@link #LATEST}. */
    static final class InstantWithOffsetDeserializer extends StdScalarDeserializer<OffsetDateTime> {
        InstantWithOffsetDeserializer() {
            super(OffsetDateTime.class);
        }

        @Override
        public OffsetDateTime deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            if (!p.hasToken(JsonToken.VALUE_STRING)) {
                throw new InvalidValueException(p, "must be " + DATE_TIME_WORDS);
            }
            OffsetDateTime time;
            try {
                time = OffsetDateTime.parse(p.getText(), DateTimeFormatter.ISO_OFFSET_DATE_TIME);
            } catch (DateTimeParseException e) {
                throw new InvalidValueException(p, "must be " + DATE_TIME_WORDS);
            }
            if (time.isBefore(EARLIEST) || !time.isBefore(LATEST)) {
                throw new InvalidValueException(p, "must be " + DATE_TIME_WORDS);
            }
            return time;
        }
    }
}
