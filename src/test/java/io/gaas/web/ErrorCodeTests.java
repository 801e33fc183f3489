package io.gaas.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Locale;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class ErrorCodeTests {

    private final Locale original = Locale.getDefault();

    @AfterEach
    void restoreLocale() {
        Locale.setDefault(original);
    }

    /** Under Turkish rules "I" lower-cases to dotless "ı": the type must not depend on the server's locale. */
    @ParameterizedTest
    @EnumSource(ErrorCode.class)
    void typeWhenDefaultLocaleIsTurkishThenSameAsInRootLocale(ErrorCode code) {
        Locale.setDefault(Locale.ROOT);
        String expected = code.type();

        Locale.setDefault(Locale.forLanguageTag("tr-TR"));

        assertThat(code.type()).isEqualTo(expected).matches("urn:gaas:problem:[a-z-]+");
    }

    @Test
    void typeWhenDefaultLocaleIsTurkishThenInvalidCredentialsKeepsItsDottedI() {
        Locale.setDefault(Locale.forLanguageTag("tr-TR"));

        assertThat(ErrorCode.INVALID_CREDENTIALS.type()).isEqualTo("urn:gaas:problem:invalid-credentials");
    }
}
