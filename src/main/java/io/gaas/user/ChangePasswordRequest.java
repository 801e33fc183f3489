package io.gaas.user;

import io.gaas.web.StorableText;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.NotNull;

public record ChangePasswordRequest(
        @Schema(example = "correct horse battery", maxLength = Passwords.MAX_LENGTH)
        @NotNull @StorableText(max = Passwords.MAX_LENGTH) String currentPassword,
        @Schema(example = "battery staple horse correct", minLength = Passwords.MIN_LENGTH,
                maxLength = Passwords.MAX_LENGTH, description = "8..128 characters; no NUL")
        @NotNull @StorableText(min = Passwords.MIN_LENGTH, max = Passwords.MAX_LENGTH) String newPassword) {
}
