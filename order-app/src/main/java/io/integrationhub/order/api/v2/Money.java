package io.integrationhub.order.api.v2;

import java.math.BigDecimal;
import java.math.RoundingMode;

import io.swagger.v3.oas.annotations.media.Schema;

/**
 * An amount of money as v2 shows it: the decimal as a string with two decimals ({@code "12.50"}), never a JSON number
 * a client would read as a binary float, and its currency. The incompatible change from v1, on purpose.
 */
@Schema(description = "An amount of money: a decimal string with exactly two decimals and its ISO 4217 currency",
        requiredProperties = { "amount", "currency" })
public record Money(
        // no example: swagger-core reads an example that is valid JSON as JSON, and "12.50" became the number 12.5
        @Schema(pattern = "^-?[0-9]+\\.[0-9]{2}$",
                description = "The amount, a decimal string with two decimals (never a number), e.g. \"12.50\"")
        String amount,
        @Schema(pattern = "^[A-Z]{3}$", example = "EUR", description = "ISO 4217 currency code") String currency) {

    /** Amounts in orders are numeric(12,2); any other scale would be a bug upstream, rounded half-even here. */
    static Money of(BigDecimal amount, String currency) {
        return amount == null ? null
                : new Money(amount.setScale(2, RoundingMode.HALF_EVEN).toPlainString(), currency);
    }
}
