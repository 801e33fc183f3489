package io.gaas.user;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.Pattern;

/** An admin's change of a user's role and/or enabled flag; an absent field is left as it is. */
public record UpdateUserRequest(
        @Schema(example = "ADMIN", allowableValues = { "USER", "ADMIN" })
        @Pattern(regexp = "USER|ADMIN", message = "must be USER or ADMIN") String role,
        @Schema(example = "true") Boolean enabled) {

    Role targetRole() {
        return role == null ? null : Role.valueOf(role);
    }
}
