package io.gaas.quota;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class HoursTests {

    @ParameterizedTest
    @CsvSource({ "2.5, 2.50", "2.50, 2.50", "2.500, 2.50", "10, 10.00", "1E+1, 10.00", "0, 0.00", "-1.2, -1.20" })
    void exactWhenAtMostTwoDecimalsByValueThenScaleTwo(String input, String expected) {
        BigDecimal exact = Hours.exact(new BigDecimal(input));

        assertThat(exact).isEqualTo(new BigDecimal(expected));
        assertThat(exact.scale()).isEqualTo(2);
    }

    @ParameterizedTest
    @ValueSource(strings = { "2.505", "0.001", "1.0000001" })
    void exactWhenMoreThanTwoDecimalsThenRefusedRatherThanRounded(String input) {
        assertThatThrownBy(() -> Hours.exact(new BigDecimal(input))).isInstanceOf(ArithmeticException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = { "2.5", "2.50", "2.500", "10", "1E+3", "0.01" })
    void hasAtMostTwoDecimalsWhenTwoOrFewerByValueThenTrue(String input) {
        assertThat(Hours.hasAtMostTwoDecimals(new BigDecimal(input))).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = { "2.505", "0.001", "2.5001" })
    void hasAtMostTwoDecimalsWhenMoreThanTwoThenFalse(String input) {
        assertThat(Hours.hasAtMostTwoDecimals(new BigDecimal(input))).isFalse();
    }

    @Test
    void exactWhenTakingPointOneTenTimesFromOneThenExactlyZero() {
        BigDecimal balance = Hours.exact(BigDecimal.ONE);
        for (int i = 0; i < 10; i++) {
            balance = balance.subtract(Hours.exact(new BigDecimal("0.1")));
        }

        assertThat(balance.signum()).isZero();
        assertThat(balance.toPlainString()).isEqualTo("0.00");
    }

    @Test
    void exactWhenSubtractingThenNoBinaryFloatingPointError() {
        assertThat(Hours.exact(new BigDecimal("2.50")).subtract(Hours.exact(new BigDecimal("1.25"))))
            .isEqualTo(new BigDecimal("1.25"));
        assertThat(Hours.exact(new BigDecimal("0.3")).subtract(Hours.exact(new BigDecimal("0.1"))))
            .isEqualTo(new BigDecimal("0.20"));
    }
}
