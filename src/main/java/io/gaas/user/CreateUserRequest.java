package io.gaas.user;

import java.math.BigDecimal;

import io.gaas.quota.HoursAmount;
import io.gaas.web.StorableText;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.annotation.Nullable;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

/** An admin's new account: role default USER, initial hours default the configured initial quota. */
public record CreateUserRequest(
        @Schema(example = "bob", description = "3..32 of A-Z a-z 0-9 _ . - (case-insensitive, stored lower-case); "
                + "'system' is reserved")
        @NotNull @Pattern(regexp = Usernames.PATTERN, message = "must be 3..32 characters of A-Z a-z 0-9 _ . -") String username,
        @Schema(example = "correct horse battery", minLength = Passwords.MIN_LENGTH, maxLength = Passwords.MAX_LENGTH,
                description = "8..128 characters; no NUL")
        @NotNull @StorableText(min = Passwords.MIN_LENGTH, max = Passwords.MAX_LENGTH) String password,
        @Schema(example = "USER", allowableValues = { "USER", "ADMIN" }, description = "default USER")
        @Nullable @Pattern(regexp = "USER|ADMIN", message = "must be USER or ADMIN") String role,
        @Schema(example = "10", description = "Hours granted at creation, 0..100000 with at most 2 decimal places "
                + "(default: the configured initial quota)")
        @Nullable @HoursAmount(allowZero = true) BigDecimal initialHours) {

    Role targetRole() {
        return role == null ? Role.USER : Role.valueOf(role);
    }
}
