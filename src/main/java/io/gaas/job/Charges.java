package io.gaas.job;

import java.math.BigDecimal;
import java.math.RoundingMode;

import io.gaas.quota.Hours;

/**
 * What a job costs and how long it may run. A job asks for GPU-hours; its pool's weight turns them
 * into quota hours, rounded up to the hundredth so that a job never pays less than it uses.
 */
public final class Charges {

    private static final BigDecimal SECONDS_PER_HOUR = BigDecimal.valueOf(3600);

    /** The smallest request: a hundredth of an hour for each GPU. */
    static final BigDecimal MIN_HOURS_PER_GPU = new BigDecimal("0.01");

    private Charges() {
    }

    /** {@code gpuHours × weight}, rounded up to 0.01 quota hours. */
    public static BigDecimal charge(BigDecimal gpuHours, BigDecimal weight) {
        return gpuHours.multiply(weight).setScale(Hours.SCALE, RoundingMode.CEILING);
    }

    /** Wall time a job may run: {@code gpuHours / gpuCount} hours in whole seconds, rounded down. */
    public static long timeLimitSeconds(BigDecimal gpuHours, int gpuCount) {
        return gpuHours.multiply(SECONDS_PER_HOUR)
            .divide(BigDecimal.valueOf(gpuCount), 0, RoundingMode.FLOOR)
            .longValueExact();
    }

    /** Whether the GPU-hours give every GPU at least a hundredth of an hour. */
    static boolean coversGpus(BigDecimal gpuHours, int gpuCount) {
        return gpuHours.compareTo(MIN_HOURS_PER_GPU.multiply(BigDecimal.valueOf(gpuCount))) >= 0;
    }
}
