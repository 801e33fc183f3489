package io.gaas.quota;

import java.math.BigDecimal;

import io.gaas.web.StorableText;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.NotNull;

/** An admin's change of an account's hours, a user's or a project's (ledger ADMIN_ADJUSTMENT). */
public record AdjustQuotaRequest(
        @Schema(example = "5", description = "Hours to add (negative to withdraw): not 0, at most 100000 in size, "
                + "at most 2 decimal places")
        @NotNull @HoursAmount(signed = true) BigDecimal deltaHours,
        @Schema(example = "grant for paper", maxLength = 500,
                description = "Optional, at most 500 characters; no NUL")
        @StorableText(max = 500) String note) {
}
