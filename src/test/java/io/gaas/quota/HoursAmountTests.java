package io.gaas.quota;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.Set;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validation;
import jakarta.validation.Validator;
import jakarta.validation.ValidatorFactory;

class HoursAmountTests {

    record Positive(@HoursAmount BigDecimal hours) {
    }

    record ZeroAllowed(@HoursAmount(allowZero = true) BigDecimal hours) {
    }

    record Signed(@HoursAmount(signed = true) BigDecimal hours) {
    }

    static ValidatorFactory factory;
    static Validator validator;

    @BeforeAll
    static void createValidator() {
        factory = Validation.buildDefaultValidatorFactory();
        validator = factory.getValidator();
    }

    @AfterAll
    static void closeValidator() {
        factory.close();
    }

    @ParameterizedTest
    @ValueSource(strings = { "2.50", "2.500", "2.5", "0.01", "100000", "100000.00", "1E+1" })
    void validateWhenPositiveWithAtMostTwoDecimalsByValueThenAccepted(String hours) {
        assertThat(validator.validate(new Positive(new BigDecimal(hours)))).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = { "2.505", "0.001", "0", "0.00", "-1", "-0.01", "100000.01", "1E+6" })
    void validateWhenPositiveRuleBrokenThenRefused(String hours) {
        assertThat(messages(validator.validate(new Positive(new BigDecimal(hours))))).singleElement()
            .asString()
            .isNotBlank();
    }

    @Test
    void validateWhenThreeDecimalsThenMessageSaysDecimalPlaces() {
        assertThat(messages(validator.validate(new Positive(new BigDecimal("2.505")))))
            .containsExactly("must have at most 2 decimal places");
    }

    @Test
    void validateWhenNullThenAcceptedSoNotNullDecides() {
        assertThat(validator.validate(new Positive(null))).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = { "0", "0.00", "1.25", "100000" })
    void validateWhenZeroAllowedAndZeroOrPositiveThenAccepted(String hours) {
        assertThat(validator.validate(new ZeroAllowed(new BigDecimal(hours)))).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = { "-0.01", "-1", "0.005", "100000.01" })
    void validateWhenZeroAllowedAndNegativeOrTooPreciseOrTooLargeThenRefused(String hours) {
        assertThat(validator.validate(new ZeroAllowed(new BigDecimal(hours)))).hasSize(1);
    }

    @ParameterizedTest
    @ValueSource(strings = { "5", "-5", "-0.01", "-100000", "100000" })
    void validateWhenSignedAndNonZeroThenAccepted(String hours) {
        assertThat(validator.validate(new Signed(new BigDecimal(hours)))).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = { "0", "0.00", "-100000.01", "100000.01", "-2.505" })
    void validateWhenSignedAndZeroOrTooLargeOrTooPreciseThenRefused(String hours) {
        assertThat(validator.validate(new Signed(new BigDecimal(hours)))).hasSize(1);
    }

    private static Set<String> messages(Set<? extends ConstraintViolation<?>> violations) {
        return violations.stream().map(ConstraintViolation::getMessage).collect(java.util.stream.Collectors.toSet());
    }
}
