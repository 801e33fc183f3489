package io.gaas.auth;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/** {@code gaas.login.*}: how many failed logins per username within the window before 429. */
@ConfigurationProperties("gaas.login")
record LoginThrottleProperties(@DefaultValue("5") int maxFailures, @DefaultValue("PT15M") Duration window) {
}
