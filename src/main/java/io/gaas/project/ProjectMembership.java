package io.gaas.project;

import java.math.BigDecimal;
import java.util.UUID;

import jakarta.annotation.Nullable;

/** A user's place in a project, with what other features need to decide on it. */
public record ProjectMembership(UUID projectId, String projectName, boolean projectEnabled, ProjectRole role,
        @Nullable BigDecimal capHours, BigDecimal spentHours) {

    public boolean isManager() {
        return role == ProjectRole.MANAGER;
    }
}
