package io.gaas.project;

import java.time.Instant;
import java.util.UUID;

import jakarta.annotation.Nullable;

/** A project as one caller sees it: its settings and the caller's role in it ({@code null}: none). */
record ProjectRow(UUID id, String name, @Nullable String description, boolean enabled, Instant createdAt,
        @Nullable ProjectRole myRole) {
}
