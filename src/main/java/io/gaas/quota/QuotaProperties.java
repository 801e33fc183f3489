package io.gaas.quota;

import java.math.BigDecimal;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import jakarta.validation.constraints.NotNull;

/** {@code gaas.quota.initial-hours} (env {@code GAAS_INITIAL_QUOTA_HOURS}): hours granted at registration. */
@Validated
@ConfigurationProperties("gaas.quota")
public record QuotaProperties(@NotNull @HoursAmount(allowZero = true) @DefaultValue("10") BigDecimal initialHours) {
}
