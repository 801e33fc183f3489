package io.gaas.auth;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

record LoginRequest(
        @Schema(example = "alice") @NotNull @Size(max = LoginRequest.MAX_USERNAME_LENGTH) String username,
        @Schema(example = "correct horse battery")
        @NotNull @Size(max = LoginRequest.MAX_PASSWORD_LENGTH) String password) {

    /** The longest name the login throttle can record (its column width). */
    static final int MAX_USERNAME_LENGTH = 255;
    static final int MAX_PASSWORD_LENGTH = 1024;
}
