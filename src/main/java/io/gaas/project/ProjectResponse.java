package io.gaas.project;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

import io.gaas.quota.AccountSummary;
import io.gaas.quota.Allocation;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.annotation.Nullable;

/** The project view. */
public record ProjectResponse(UUID id,
        @Schema(example = "vision-lab") String name,
        @Schema(example = "Computer vision group") @Nullable String description,
        @Schema(example = "120.0", description = "What the project can still spend") BigDecimal quotaHours,
        boolean enabled,
        // nullable in @Schema, not @Nullable: on a reference to another schema, springdoc would mark that
        // schema itself as null (see OpenApiConfig.letNullableEnumsAndReferencesBeNull).
        @Schema(nullable = true, description = "The periodic refill of its hours; null: none") Allocation allocation,
        @Schema(example = "10", description = "Below this balance a debit announces quota.low; null: the configured "
                + "default") @Nullable BigDecimal lowBalanceHours,
        @Schema(example = "MANAGER", description = "Your role in it; null for an admin who is not a member")
        @Nullable ProjectRole myRole,
        Instant createdAt) {

    static ProjectResponse from(ProjectRow project, AccountSummary account) {
        return new ProjectResponse(project.id(), project.name(), project.description(), account.balance(),
                project.enabled(), account.allocation(), account.lowBalanceHours(), project.myRole(),
                project.createdAt());
    }
}
