package io.gaas.user;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

/**
 * {@code gaas.registration.*}: whether anyone may register ({@code GAAS_REGISTRATION=open|closed};
 * admins create users either way), and how many self-registrations one client address may make
 * per hour ({@code GAAS_REGISTRATIONS_PER_HOUR}).
 */
@Validated
@ConfigurationProperties("gaas.registration")
public record RegistrationProperties(@NotNull @DefaultValue("open") Mode mode, @Min(1) @DefaultValue("20") int perHour) {

    public enum Mode {
        OPEN, CLOSED
    }
}
