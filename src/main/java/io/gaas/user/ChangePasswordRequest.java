package io.gaas.user;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

public record ChangePasswordRequest(
        @Schema(example = "correct horse battery") @NotNull @Size(max = Passwords.MAX_LENGTH) String currentPassword,
        @Schema(example = "battery staple horse correct", description = "8..128 characters")
        @NotNull @Size(min = Passwords.MIN_LENGTH, max = Passwords.MAX_LENGTH) String newPassword) {
}
