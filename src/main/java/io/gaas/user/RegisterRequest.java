package io.gaas.user;

import io.gaas.web.StorableText;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

/** A registration. Other fields (a role, hours) are ignored: registration never grants them. */
public record RegisterRequest(
        @Schema(example = "alice", description = "3..32 of A-Z a-z 0-9 _ . - (case-insensitive, stored lower-case)")
        @NotNull @Pattern(regexp = Usernames.PATTERN, message = "must be 3..32 characters of A-Z a-z 0-9 _ . -") String username,
        @Schema(example = "correct horse battery", minLength = Passwords.MIN_LENGTH, maxLength = Passwords.MAX_LENGTH,
                description = "8..128 characters; no NUL")
        @NotNull @StorableText(min = Passwords.MIN_LENGTH, max = Passwords.MAX_LENGTH) String password) {
}
