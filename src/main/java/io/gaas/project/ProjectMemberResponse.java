package io.gaas.project;

import java.math.BigDecimal;
import java.time.Instant;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.annotation.Nullable;

/** The member view. */
public record ProjectMemberResponse(
        @Schema(example = "alice") String username,
        @Schema(example = "MEMBER") ProjectRole role,
        @Schema(example = "20.0", description = "What the member may spend in the current window; null: no cap")
        @Nullable BigDecimal capHours,
        @Schema(example = "3.5", description = "The member's charges to the project minus refunds in the current "
                + "window: since the later of joining and the project's last refill; never negative")
        BigDecimal spentHours,
        @Schema(description = "When the member joined (again, after a removal)") Instant addedAt) {
}
