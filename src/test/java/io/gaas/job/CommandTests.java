package io.gaas.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

import org.junit.jupiter.api.Test;

class CommandTests {

    @Test
    void aCommandOf1To64ArgumentsOf1To4096CharactersIsFine() {
        assertThat(Command.Validator.problemWith(List.of("python", "train.py", "--epochs", "3"))).isNull();
        assertThat(Command.Validator.problemWith(Collections.nCopies(64, "x".repeat(4096)))).isNull();
        assertThat(Command.Validator.problemWith(List.of("ünïcödé ✓", " ", "\n"))).isNull();
    }

    @Test
    void anEmptyCommandOrMoreThan64ArgumentsIsRefused() {
        assertThat(Command.Validator.problemWith(List.of())).contains("1..64");
        assertThat(Command.Validator.problemWith(Collections.nCopies(65, "x"))).contains("1..64");
    }

    @Test
    void anEmptyOrTooLongArgumentIsRefused() {
        assertThat(Command.Validator.problemWith(List.of("python", ""))).contains("1..4096");
        assertThat(Command.Validator.problemWith(List.of("x".repeat(4097)))).contains("1..4096");
    }

    @Test
    void aNulOrANullArgumentIsRefused() {
        assertThat(Command.Validator.problemWith(List.of("a\u0000b"))).contains("NUL");
        assertThat(Command.Validator.problemWith(new ArrayList<>(Arrays.asList("python", null)))).contains("null");
    }
}
