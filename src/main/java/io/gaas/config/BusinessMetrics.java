package io.gaas.config;

import java.math.BigDecimal;

import io.micrometer.core.instrument.Metrics;

/**
 * Business counters, exported at {@code /actuator/prometheus} next to the HTTP and pool metrics.
 * They go to Micrometer's global registry, which Spring Boot binds to its own registry
 * ({@code management.metrics.use-global-registry}, on by default), so services need no extra
 * collaborator for them.
 */
public final class BusinessMetrics {

    private static final String ACCOUNT_TYPE = "account_type";

    private BusinessMetrics() {
    }

    public static void jobSubmitted() {
        Metrics.counter("gaas.jobs.submitted").increment();
    }

    /** Hours charged to jobs; {@code accountType}: {@code USER} or {@code PROJECT}, the account that paid. */
    public static void hoursCharged(String accountType, BigDecimal hours) {
        Metrics.counter("gaas.quota.hours.charged", ACCOUNT_TYPE, accountType).increment(hours.doubleValue());
    }

    /** Hours of jobs given back; {@code accountType}: {@code USER} or {@code PROJECT}, the account refunded. */
    public static void hoursRefunded(String accountType, BigDecimal hours) {
        Metrics.counter("gaas.quota.hours.refunded", ACCOUNT_TYPE, accountType).increment(hours.doubleValue());
    }

    /** {@code trigger}: {@code scheduled} (a period start) or {@code manual} (an admin's). */
    public static void refillDone(String trigger) {
        Metrics.counter("gaas.quota.refills", "trigger", trigger).increment();
    }

    public static void quotaRejected() {
        Metrics.counter("gaas.quota.rejections").increment();
    }

    /** {@code reason}: {@code bad_credentials}, {@code throttled} or {@code disabled}. */
    public static void loginFailed(String reason) {
        Metrics.counter("gaas.logins.failed", "reason", reason).increment();
    }
}
