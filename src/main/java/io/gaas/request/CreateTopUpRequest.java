package io.gaas.request;

import java.math.BigDecimal;

import io.gaas.quota.HoursAmount;
import io.gaas.web.StorableText;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.NotNull;

/** A request for more hours, for the caller's own account or (with {@code project}) a project's. */
public record CreateTopUpRequest(
        @Schema(example = "50", requiredMode = Schema.RequiredMode.REQUIRED, minimum = "0.01", maximum = "100000",
                description = "Hours asked for: 0.01..100000, at most 2 decimal places")
        @NotNull @HoursAmount BigDecimal hours,
        @Schema(example = "Final training runs for the CVPR submission", requiredMode = Schema.RequiredMode.REQUIRED,
                minLength = 1, maxLength = 2000, description = "1..2000 characters; no NUL")
        @NotNull @StorableText(min = 1, max = 2000) String justification,
        @Schema(example = "vision-lab", nullable = true, description = "A project the caller is a member of, to top "
                + "up its hours; null (the default): the caller's own account. Not a member, or no such project: "
                + "400 VALIDATION_FAILED on project")
        String project) {
}
