package io.gaas.auth;

import io.gaas.web.StorableText;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.NotNull;

record LoginRequest(
        @Schema(example = "alice", maxLength = LoginRequest.MAX_USERNAME_LENGTH,
                description = "At most 255 characters, also once lower-cased; no NUL")
        @NotNull @StorableText(max = LoginRequest.MAX_USERNAME_LENGTH) String username,
        @Schema(example = "correct horse battery", maxLength = LoginRequest.MAX_PASSWORD_LENGTH,
                description = "No NUL (PBKDF2's HMAC would take \"pw\" and \"pw\\u0000\" for the same password)")
        @NotNull @StorableText(max = LoginRequest.MAX_PASSWORD_LENGTH) String password) {

    /** The longest name, once lower-cased, that the login throttle records (in characters). */
    static final int MAX_USERNAME_LENGTH = 255;
    static final int MAX_PASSWORD_LENGTH = 1024;
}
