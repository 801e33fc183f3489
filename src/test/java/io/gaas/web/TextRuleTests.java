package io.gaas.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TextRuleTests {

    @ParameterizedTest
    @ValueSource(strings = { "\u0000", "a\u0000", "\u0000b", "a\u0000b" })
    void problemWhenTextHasNulThenNamed(String text) {
        assertThat(TextRule.problemWith(text, 0, 100)).isEqualTo("must not contain NUL characters");
    }

    @ParameterizedTest
    @ValueSource(strings = { "\ud800", "a\ud83d", "\ude00b", "a\ude00\ud83db", "\ud83d\ud83d\ude00" })
    void problemWhenTextHasAnUnpairedSurrogateThenNamed(String text) {
        assertThat(TextRule.problemWith(text, 0, 100)).contains("unpaired surrogate");
    }

    @Test
    void problemWhenCharactersOutsideTheBmpThenEachCountsOnce() {
        String emoji = "\ud83d\ude00";

        assertThat(TextRule.problemWith(emoji.repeat(100), 0, 100)).isNull();
        assertThat(TextRule.problemWith(emoji.repeat(101), 0, 100)).isEqualTo("must be at most 100 characters");
        assertThat(TextRule.problemWith(emoji.repeat(7), 8, 128)).isEqualTo("must be 8..128 characters");
        assertThat(TextRule.problemWith(emoji.repeat(8), 8, 128)).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = { "", "plain", "tab\tand\nnewline", "\u0001 other controls are stored as they are",
            "ümlaut İ ß", "\uffff" })
    void problemWhenTextIsStorableThenNone(String text) {
        assertThat(TextRule.problemWith(text, 0, 100)).isNull();
        assertThat(TextRule.problemWith(null, 0, 100)).isNull();
    }

    @Test
    void checkWhenTextBreaksTheRuleThenValidationExceptionNamingTheField() {
        assertThatThrownBy(() -> TextRule.check("owner", "a\u0000", 32))
            .isInstanceOfSatisfying(ValidationException.class, ex -> {
                assertThat(ex.code()).isEqualTo(ErrorCode.VALIDATION_FAILED);
                assertThat(ex.getMessage()).isEqualTo("owner: must not contain NUL characters");
            });
    }
}
