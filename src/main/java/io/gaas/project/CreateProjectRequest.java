package io.gaas.project;

import java.math.BigDecimal;

import io.gaas.quota.HoursAmount;
import io.gaas.web.ResourceNames;
import io.gaas.web.StorableText;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.annotation.Nullable;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

/** A new project: enabled, with an account of its own holding {@code initialHours} (default 0). */
public record CreateProjectRequest(
        @Schema(example = "vision-lab", description = "2..32 characters of a-z, 0-9, '-' and '_', starting with a "
                + "letter or digit; upper case is accepted and stored lower-cased; unique in any case")
        @NotNull @Pattern(regexp = ResourceNames.PATTERN, message = ResourceNames.RULE) String name,
        @Schema(example = "Computer vision group", nullable = true, maxLength = ProjectRules.MAX_DESCRIPTION,
                description = "Optional, at most 2000 characters; no NUL")
        @Nullable @StorableText(max = ProjectRules.MAX_DESCRIPTION) String description,
        @Schema(example = "120", nullable = true, defaultValue = "0", minimum = "0", maximum = "100000",
                description = "Hours granted at creation (ledger INITIAL_GRANT by you), 0..100000 with at most 2 "
                        + "decimal places; default 0")
        @Nullable @HoursAmount(allowZero = true) BigDecimal initialHours) {
}
