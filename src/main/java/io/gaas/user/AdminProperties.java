package io.gaas.user;

import org.springframework.boot.context.properties.ConfigurationProperties;

/** {@code gaas.admin.*} (env {@code GAAS_ADMIN_USERNAME}, {@code GAAS_ADMIN_PASSWORD}): the first admin. */
@ConfigurationProperties("gaas.admin")
public record AdminProperties(String username, String password) {

    boolean isComplete() {
        return username != null && !username.isBlank() && password != null && !password.isBlank();
    }
}
