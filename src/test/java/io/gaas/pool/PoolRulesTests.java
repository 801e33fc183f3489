package io.gaas.pool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.gaas.web.FieldError;
import io.gaas.web.ResourceNames;
import io.gaas.web.ValidationException;

class PoolRulesTests {

    @ParameterizedTest
    @ValueSource(strings = { "a1", "a100", "h100-sxm", "gpu_pool", "0day", "abcdefghijklmnopqrstuvwxyz012345" })
    void nameWhenItFollowsTheRuleThenKept(String name) {
        assertThat(PoolRules.name(name)).isEqualTo(name);
    }

    @Test
    void nameWhenUpperCaseThenStoredLowerCased() {
        assertThat(PoolRules.name("A100-SXM")).isEqualTo("a100-sxm");
        assertThat(ResourceNames.normalize("Default")).contains("default");
    }

    @ParameterizedTest
    @ValueSource(strings = { "", "a", "x_________________________________", "my pool", "-a100", "_a", "a/b", "a.b",
            "ä100", "\u212Aa", "a\u0000", "a100 " })
    void nameWhenItBreaksTheRuleThenRefusedOnName(String name) {
        assertRefused(() -> PoolRules.name(name), "name");
        assertThat(ResourceNames.normalize(name)).isEmpty();
    }

    @Test
    void nameWhenMissingThenRefusedOnName() {
        assertRefused(() -> PoolRules.name(null), "name");
    }

    @ParameterizedTest
    @ValueSource(strings = { "0.01", "1", "2.5", "2.50", "99.99", "100", "100.00" })
    void weightWhenFrom001To100WithTwoPlacesThenKeptAtScaleTwo(String weight) {
        assertThat(PoolRules.weight(new BigDecimal(weight))).isEqualByComparingTo(weight).hasScaleOf(2);
    }

    @ParameterizedTest
    @ValueSource(strings = { "0", "0.00", "-1", "0.009", "2.505", "100.01", "1E+3" })
    void weightWhenOutOfRangeOrTooPreciseThenRefusedOnWeight(String weight) {
        assertRefused(() -> PoolRules.weight(new BigDecimal(weight)), "weight");
    }

    @Test
    void weightWhenNullThenRefused() {
        assertRefused(() -> PoolRules.weight(null), "weight");
    }

    @Test
    void gpusFrom1To100000OrNull() {
        assertThat(PoolRules.gpus(null)).isNull();
        assertThat(PoolRules.gpus(1)).isEqualTo(1);
        assertThat(PoolRules.gpus(100000)).isEqualTo(100000);
        for (int gpus : List.of(0, -1, 100001, Integer.MAX_VALUE, Integer.MIN_VALUE)) {
            assertRefused(() -> PoolRules.gpus(gpus), "gpus");
        }
    }

    @Test
    void autoApproveHoursFrom0To100000WithTwoPlacesOrNull() {
        assertThat(PoolRules.autoApproveHours(null)).isNull();
        assertThat(PoolRules.autoApproveHours(BigDecimal.ZERO)).isEqualByComparingTo("0");
        assertThat(PoolRules.autoApproveHours(new BigDecimal("100000"))).isEqualByComparingTo("100000");
        for (String hours : List.of("-0.01", "100000.01", "0.001")) {
            assertRefused(() -> PoolRules.autoApproveHours(new BigDecimal(hours)), "autoApproveHours");
        }
    }

    @Test
    void descriptionAtMost2000CharactersWithoutNul() {
        assertThat(PoolRules.description(null)).isNull();
        assertThat(PoolRules.description("x".repeat(2000))).hasSize(2000);
        assertRefused(() -> PoolRules.description("x".repeat(2001)), "description");
        assertRefused(() -> PoolRules.description("rack\u00003"), "description");
    }

    @Test
    void enabledMustBeTrueOrFalse() {
        assertThat(PoolRules.enabled(true)).isTrue();
        assertRefused(() -> PoolRules.enabled(null), "enabled");
    }

    @SuppressWarnings("unchecked")
    private static void assertRefused(Runnable rule, String field) {
        assertThatThrownBy(rule::run).isInstanceOfSatisfying(ValidationException.class,
                refused -> assertThat((List<FieldError>) refused.properties().get("errors"))
                    .extracting(FieldError::field)
                    .containsExactly(field));
    }
}
