package io.gaas.quota;

import java.math.BigDecimal;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

/** An allocation to give an account (a user's or a project's), replacing any it has. */
public record AllocationRequest(
        @Schema(example = "100", requiredMode = Schema.RequiredMode.REQUIRED,
                description = "Hours given at each period start: 0..100000, at most 2 decimal places")
        @NotNull @HoursAmount(allowZero = true) BigDecimal hours,
        @Schema(example = "MONTHLY", allowableValues = { "MONTHLY", "WEEKLY" }, requiredMode = Schema.RequiredMode.REQUIRED,
                description = "MONTHLY: at 00:00 on the 1st; WEEKLY: on Monday at 00:00 (in GAAS_PERIOD_TIMEZONE)")
        @NotNull @Pattern(regexp = "MONTHLY|WEEKLY", message = "must be MONTHLY or WEEKLY") String period,
        @Schema(example = "0", nullable = true, description = "Unspent hours up to this many are kept at a period "
                + "start: 0..100000, at most 2 decimal places; default 0")
        @HoursAmount(allowZero = true) BigDecimal carryOverHours) {

    public AllocationPeriod targetPeriod() {
        return AllocationPeriod.valueOf(period);
    }

    /** Absent or null: nothing is carried over. */
    public BigDecimal targetCarryOverHours() {
        return carryOverHours == null ? BigDecimal.ZERO : carryOverHours;
    }
}
