package io.gaas.auth;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

record LoginRequest(
        @Schema(example = "alice") @NotNull @Size(max = 255) String username,
        @Schema(example = "correct horse battery") @NotNull @Size(max = 1024) String password) {
}
