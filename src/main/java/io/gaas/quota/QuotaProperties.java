package io.gaas.quota;

import java.math.BigDecimal;
import java.time.ZoneId;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import jakarta.validation.constraints.NotNull;

/**
 * {@code gaas.quota.initial-hours} (env {@code GAAS_INITIAL_QUOTA_HOURS}): hours granted at registration;
 * {@code gaas.quota.low-balance-hours} (env {@code GAAS_LOW_BALANCE_HOURS}): below this balance a
 * {@code quota.low} event is sent; {@code gaas.quota.period-timezone} (env {@code GAAS_PERIOD_TIMEZONE}): the
 * time zone in which allocation periods start.
 */
@Validated
@ConfigurationProperties("gaas.quota")
public record QuotaProperties(@NotNull @HoursAmount(allowZero = true) @DefaultValue("10") BigDecimal initialHours,
        @NotNull @HoursAmount(allowZero = true) @DefaultValue("1") BigDecimal lowBalanceHours,
        @NotNull @DefaultValue("UTC") ZoneId periodTimezone) {
}
