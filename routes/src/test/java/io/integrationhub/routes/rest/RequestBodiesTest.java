package io.integrationhub.routes.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.Validation;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

/** The request-body reader on its own: strict types, tolerant of unknown fields, limits from the annotations. */
class RequestBodiesTest {

    record Line(@NotBlank @Size(max = 8) String id, @NotNull @Min(1) @Max(100) Integer quantity) {
    }

    record Request(@NotBlank String name, @NotEmpty List<@NotNull @Valid Line> lines, BigDecimal amount,
            OffsetDateTime when) {
    }

    private final RequestBodies bodies = new RequestBodies(new ObjectMapper().registerModule(new JavaTimeModule()),
            Validation.buildDefaultValidatorFactory().getValidator());

    @Test
    void shouldReadAValidBodyAndIgnoreUnknownFields() throws Exception {
        Request request = read("{\"name\":\"a\",\"lines\":[{\"id\":\"x\",\"quantity\":2,\"later\":1}],\"amount\":12,"
                + "\"when\":\"2026-12-01T18:30:00+01:00\",\"future\":{\"x\":[1]}}");
        assertThat(request.lines().get(0).quantity()).isEqualTo(2);
        assertThat(request.amount()).isEqualByComparingTo("12");
        assertThat(request.when()).isEqualTo(OffsetDateTime.parse("2026-12-01T18:30:00+01:00"));
    }

    @Test
    void shouldRefuseValuesThatOnlyLookLikeTheFieldsType() {
        for (String quantity : List.of("2.5", "2.0", "\"2\"", "true", "1e30", "2147483648")) {
            assertRefused("{\"name\":\"a\",\"lines\":[{\"id\":\"x\",\"quantity\":" + quantity + "}]}",
                    "lines[0].quantity");
        }
        assertRefused("{\"name\":12,\"lines\":[{\"id\":\"x\",\"quantity\":1}]}", "Field 'name' must be a string.");
        assertRefused("{\"name\":\"a\",\"lines\":[{\"id\":\"x\",\"quantity\":1}],\"amount\":\"12\"}", "amount");
        for (String when : List.of("123", "\"2026-01-01\"", "\"2026-12-01T18:30:00\"", "\"2026-12-01T18:30:00+25:00\"",
                "\"+9999999-01-01T00:00:00Z\"", "\"garbage\"")) {
            assertRefused("{\"name\":\"a\",\"lines\":[{\"id\":\"x\",\"quantity\":1}],\"when\":" + when + "}",
                    "Field 'when' must be an ISO-8601 date-time with offset");
        }
    }

    @Test
    void shouldRefuseNulAndUnpairedSurrogatesInEveryString() {
        for (String text : List.of("\"a\\u0000\"", "\"\\ud800\"", "\"\\udc00\"")) {
            assertRefused("{\"name\":" + text + ",\"lines\":[{\"id\":\"x\",\"quantity\":1}]}", "Field 'name' must");
            assertRefused("{\"name\":\"a\",\"lines\":[{\"id\":" + text + ",\"quantity\":1}]}", "Field 'lines[0].id'");
        }
        assertThat(RequestText.problem("emoji \uD83D\uDE00 is fine")).isNull();
    }

    @Test
    void shouldSayWhatTheBodyMustBeWithoutNamingJavaTypes() {
        for (String body : List.of("[]", "true", "12", "null", "\"x\"")) {
            assertRefused(body, "The body must be a JSON object with name, lines.");
        }
        assertRefused("{\"name\":\"a\",\"lines\":[{\"id\":\"x\",\"quantity\":1}]}{}", "must end after the JSON object");
        assertRefused("{\"name\":\"a\",\"lines\":[{\"id\":\"x\",\"quantity\":1}]}xyz", "not valid JSON (line 1, column 50)");
        assertRefused("{\"name\":\"a\",\"name\":\"b\",\"lines\":[]}", "names a field twice");
        assertRefused("{\"name\":", "not valid JSON");
        assertRefused("{\"lines\":[{\"id\":\"123456789\",\"quantity\":101}]}",
                "'lines[0].id' must have 0 to 8 characters (or items); 'lines[0].quantity' must be at most 100; "
                        + "'name' is required.");
    }

    @Test
    void shouldAcceptOnlyJsonInUtf8() {
        assertThatThrownBy(() -> bodies.parse(exchange("text/plain", "{}"), Request.class))
                .isInstanceOfSatisfying(ProblemException.class, p -> assertThat(p.status()).isEqualTo(415));
        assertThatThrownBy(() -> bodies.parse(exchange("application/json; charset=utf-16", "{}"), Request.class))
                .isInstanceOfSatisfying(ProblemException.class, p -> assertThat(p.status()).isEqualTo(415));
        assertRefused("\uFEFF{}", "byte order mark");
        assertThat(QueryTextFilter.decode("a%2Fb+c")).isEqualTo("a/b c");
        for (String bad : List.of("%zz", "%", "%E0%A4", "%ED%A0%80", "%C0%AF", "%FF")) {
            assertThat(QueryTextFilter.decode(bad)).as(bad).isNull();
        }
    }

    private Request read(String body) throws Exception {
        return bodies.parse(exchange("application/json", body), Request.class);
    }

    private void assertRefused(String body, String detail) {
        assertThatThrownBy(() -> read(body)).as(body).satisfies(e -> {
            String text = e instanceof JsonProcessingException json ? JsonProblems.describe(json) : e.getMessage();
            assertThat(e).isInstanceOfAny(ProblemException.class, JsonProcessingException.class);
            assertThat(text).contains(detail).doesNotContain("io.integrationhub", "java.", "Exception", "`");
        });
    }

    private static Exchange exchange(String contentType, String body) {
        Exchange exchange = new DefaultExchange(new DefaultCamelContext());
        exchange.getMessage().setHeader(Exchange.CONTENT_TYPE, contentType);
        exchange.getMessage().setBody(body);
        return exchange;
    }
}
