package io.gaas.user;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

import io.gaas.quota.AccountSummary;
import io.gaas.quota.Allocation;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.annotation.Nullable;

/** The user view of the API. */
public record UserResponse(UUID id, String username, Role role, BigDecimal quotaHours, boolean enabled,
        Instant createdAt,
        // nullable in @Schema, not @Nullable: on a reference to another schema, springdoc would mark that
        // schema itself as null (see OpenApiConfig.letNullableEnumsAndReferencesBeNull).
        @Schema(nullable = true, description = "The account's allocation: hours given at each period start; null = none")
        Allocation allocation,
        @Nullable @Schema(description = "Below this balance a debit sends quota.low; null = the configured default")
        BigDecimal lowBalanceHours) {

    /** A new user: no allocation and the default threshold. */
    public static UserResponse from(User user, BigDecimal quotaHours) {
        return new UserResponse(user.getId(), user.getUsername(), user.getRole(), quotaHours, user.isEnabled(),
                user.getCreatedAt(), null, null);
    }

    public static UserResponse from(User user, AccountSummary account) {
        return new UserResponse(user.getId(), user.getUsername(), user.getRole(), account.balance(), user.isEnabled(),
                user.getCreatedAt(), account.allocation(), account.lowBalanceHours());
    }
}
