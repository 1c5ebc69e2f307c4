package io.integrationhub.order.api.v2;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

/** v2's amounts: always two decimals, as a string, whatever scale the number had. */
class MoneyTest {

    @Test
    void shouldWriteEveryAmountWithTwoDecimalsAsAString() throws Exception {
        assertThat(Money.of(new BigDecimal("12.5"), "EUR").amount()).isEqualTo("12.50");
        assertThat(Money.of(new BigDecimal("7"), "EUR").amount()).isEqualTo("7.00");
        assertThat(Money.of(new BigDecimal("1E+3"), "EUR").amount()).as("never scientific").isEqualTo("1000.00");
        assertThat(Money.of(new BigDecimal("9999999999.99"), "EUR").amount()).isEqualTo("9999999999.99");
        assertThat(Money.of(new BigDecimal("-0.5"), "EUR").amount()).isEqualTo("-0.50");
        assertThat(Money.of(null, "EUR")).isNull();
        assertThat(new ObjectMapper().writeValueAsString(Money.of(new BigDecimal("3.50"), "CHF")))
                .isEqualTo("{\"amount\":\"3.50\",\"currency\":\"CHF\"}");
    }
}
