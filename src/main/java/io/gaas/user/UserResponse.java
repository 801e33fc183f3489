package io.gaas.user;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

/** The user view of the API. */
public record UserResponse(UUID id, String username, Role role, BigDecimal quotaHours, boolean enabled,
        Instant createdAt) {

    public static UserResponse from(User user, BigDecimal quotaHours) {
        return new UserResponse(user.getId(), user.getUsername(), user.getRole(), quotaHours, user.isEnabled(),
                user.getCreatedAt());
    }
}
