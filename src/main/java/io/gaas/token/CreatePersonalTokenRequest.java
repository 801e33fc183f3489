package io.gaas.token;

import io.gaas.web.StorableText;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.annotation.Nullable;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;

/** A new personal access token. The name is trimmed before it is checked and stored. */
record CreatePersonalTokenRequest(
        @Schema(example = "ci", description = "1..100 characters after trimming; no NUL")
        @NotBlank @StorableText(max = 100) String name,
        @Schema(example = "90", description = "Days until the token expires, 1..365 (default 90)", minimum = "1",
                maximum = "365")
        @Nullable @Min(1) @Max(365) Integer expiresInDays,
        @Schema(example = "false", description = "true lets the token use an ADMIN's powers (admins only; "
                + "default false: the token acts with a USER's powers)")
        @Nullable Boolean admin) {

    static final int DEFAULT_DAYS = 90;

    CreatePersonalTokenRequest {
        name = name == null ? null : name.strip();
    }

    int days() {
        return expiresInDays == null ? DEFAULT_DAYS : expiresInDays;
    }

    boolean wantsAdmin() {
        return Boolean.TRUE.equals(admin);
    }
}
