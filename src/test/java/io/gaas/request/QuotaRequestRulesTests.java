package io.gaas.request;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.gaas.web.FieldError;
import io.gaas.web.ValidationException;

class QuotaRequestRulesTests {

    private static final BigDecimal ASKED = new BigDecimal("50.00");

    @Test
    void grantedHoursWhenAbsentThenAllTheHoursAsked() {
        assertThat(QuotaRequestRules.grantedHours(null, ASKED)).isEqualTo(ASKED);
    }

    @ParameterizedTest
    @ValueSource(strings = { "0.01", "1", "40", "49.99", "50", "50.00", "2.50" })
    void grantedHoursWhenWithinTheAskedThenKeptAtScaleTwo(String granted) {
        BigDecimal result = QuotaRequestRules.grantedHours(new BigDecimal(granted), ASKED);

        assertThat(result).isEqualByComparingTo(granted);
        assertThat(result.scale()).isEqualTo(2);
    }

    @ParameterizedTest
    @ValueSource(strings = { "0", "0.00", "-1", "-0.01", "50.01", "51", "100000", "1E+400", "2.505", "0.001",
            "49.999" })
    void grantedHoursWhenOutsideTheAskedOrTooPreciseThenRefusedOnGrantedHours(String granted) {
        assertRefused(() -> QuotaRequestRules.grantedHours(new BigDecimal(granted), ASKED), "grantedHours");
    }

    @ParameterizedTest
    @ValueSource(strings = { "vision-lab", "VISION-LAB", "a1", "0day", "x_y", "abcdefghijklmnopqrstuvwxyz012345" })
    void projectNameWhenItCanNameAProjectThenLookedUp(String name) {
        assertThat(QuotaRequestRules.projectName(name)).contains(name);
    }

    @ParameterizedTest
    @ValueSource(strings = { "", "a", "-lab", "_lab", "my lab", "lab/x", "ä-lab", "\u0130stanbul", "lab\u0000",
            "abcdefghijklmnopqrstuvwxyz0123456" })
    void projectNameWhenItCannotNameAProjectThenEmpty(String name) {
        assertThat(QuotaRequestRules.projectName(name)).isEmpty();
    }

    @Test
    void statusWhenAnExactNameThenThatStatus() {
        for (QuotaRequestStatus status : QuotaRequestStatus.values()) {
            assertThat(QuotaRequestRules.status(status.name())).isEqualTo(status);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = { "open", "Open", "PENDING", "", " OPEN", "OPEN\u0000" })
    void statusWhenNotAnExactNameThenRefusedOnStatus(String status) {
        assertRefused(() -> QuotaRequestRules.status(status), "status");
    }

    private static void assertRefused(Runnable call, String field) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(ValidationException.class,
                refused -> assertThat(refused.properties().get("errors"))
                    .asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.LIST)
                    .extracting(error -> ((FieldError) error).field())
                    .isEqualTo(List.of(field)));
    }
}
