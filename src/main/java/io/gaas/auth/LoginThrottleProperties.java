package io.gaas.auth;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code gaas.login.*}: failed logins allowed within the window per (username, client address)
 * ({@code max-failures}) and per client address whatever the usernames ({@code failures-per-address},
 * env {@code GAAS_LOGIN_FAILURES_PER_ADDRESS}) before logins answer 429.
 */
@ConfigurationProperties("gaas.login")
record LoginThrottleProperties(@DefaultValue("5") int maxFailures, @DefaultValue("PT15M") Duration window,
        @DefaultValue("100") int failuresPerAddress) {

    LoginThrottleProperties {
        if (maxFailures < 1 || failuresPerAddress < 1) {
            throw new IllegalStateException("gaas.login.max-failures and GAAS_LOGIN_FAILURES_PER_ADDRESS must be "
                    + "at least 1");
        }
        if (window.isNegative() || window.isZero()) {
            throw new IllegalStateException("gaas.login.window must be positive");
        }
    }
}
