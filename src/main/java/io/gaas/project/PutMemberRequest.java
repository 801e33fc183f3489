package io.gaas.project;

import java.math.BigDecimal;

import io.gaas.quota.HoursAmount;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.annotation.Nullable;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

/** A member's role and cap, as a whole: an absent {@code capHours} means no cap. */
public record PutMemberRequest(
        @Schema(example = "MEMBER", allowableValues = { "MEMBER", "MANAGER" },
                description = "MANAGERs approve members' jobs and manage plain members; only an ADMIN grants or "
                        + "takes away MANAGER")
        @NotNull @Pattern(regexp = "MEMBER|MANAGER", message = "must be MEMBER or MANAGER") String role,
        @Schema(example = "20", nullable = true, minimum = "0", maximum = "100000",
                description = "What the member may spend of the project's hours in the current window, 0..100000 "
                        + "with at most 2 decimal places; absent or null: no cap")
        @Nullable @HoursAmount(allowZero = true) BigDecimal capHours) {

    ProjectRole targetRole() {
        return ProjectRole.valueOf(role);
    }
}
