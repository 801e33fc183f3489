package io.gaas.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ChargesTests {

    @ParameterizedTest(name = "{0} GPU-hours at weight {1} cost {2}")
    @CsvSource({
            "2.50, 1.00, 2.50",
            "1.01, 2.50, 2.53", // 2.525 rounded up
            "0.33, 2.50, 0.83", // 0.825 rounded up
            "0.01, 0.01, 0.01", // 0.0001: never free
            "3.33, 3.00, 9.99",
            "1.00, 1.33, 1.33",
            "0.07, 1.33, 0.10", // 0.0931
            "100000, 100, 10000000.00",
            "0.00, 2.50, 0.00" })
    void chargeIsGpuHoursTimesWeightRoundedUpToTheHundredth(String gpuHours, String weight, String charge) {
        assertThat(Charges.charge(new BigDecimal(gpuHours), new BigDecimal(weight))).isEqualTo(new BigDecimal(charge));
    }

    @ParameterizedTest(name = "{0} GPU-hours on {1} GPUs may run {2} s")
    @CsvSource({
            "2.50, 1, 9000",
            "1.01, 2, 1818",
            "0.01, 1, 36",
            "1.00, 3, 1200",
            "0.10, 7, 51", // 51.428...
            "0.64, 64, 36",
            "100000, 64, 5625000" })
    void timeLimitIsGpuHoursPerGpuInWholeSecondsRoundedDown(String gpuHours, int gpuCount, long seconds) {
        assertThat(Charges.timeLimitSeconds(new BigDecimal(gpuHours), gpuCount)).isEqualTo(seconds);
    }

    @ParameterizedTest(name = "{0} GPU-hours for {1} GPUs: {2}")
    @CsvSource({ "0.01, 1, true", "0.01, 2, false", "0.02, 2, true", "0.63, 64, false", "0.64, 64, true" })
    void everyGpuNeedsAHundredthOfAnHour(String gpuHours, int gpuCount, boolean enough) {
        assertThat(Charges.coversGpus(new BigDecimal(gpuHours), gpuCount)).isEqualTo(enough);
    }
}
