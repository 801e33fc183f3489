package io.gaas.project;

import java.io.Serializable;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;
import jakarta.persistence.EmbeddedId;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Table;

/**
 * A user's membership of a project. {@code spentHours} is never written from here: it changes only
 * through conditional UPDATEs in the transaction that charges or refunds the project, so a cap holds
 * under any concurrency.
 */
@Entity
@Table(name = "project_members")
class ProjectMember {

    @EmbeddedId
    private Key key;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false, length = 8)
    private ProjectRole role;

    @Column(name = "cap_hours", precision = 14, scale = 2)
    private BigDecimal capHours;

    @Column(name = "spent_hours", nullable = false, precision = 14, scale = 2, insertable = false, updatable = false)
    private BigDecimal spentHours;

    /** The start of the window spentHours counts: the later of joining and the project's last refill. */
    @Column(name = "window_start", nullable = false)
    private Instant windowStart;

    @Column(name = "added_at", nullable = false, updatable = false)
    private Instant addedAt;

    protected ProjectMember() {
    }

    ProjectMember(UUID projectId, UUID userId, ProjectRole role, BigDecimal capHours, Instant addedAt) {
        this.key = new Key(projectId, userId);
        this.role = role;
        this.capHours = capHours;
        this.windowStart = addedAt;
        this.addedAt = addedAt;
    }

    Key getKey() {
        return key;
    }

    ProjectRole getRole() {
        return role;
    }

    BigDecimal getCapHours() {
        return capHours;
    }

    BigDecimal getSpentHours() {
        return spentHours;
    }

    Instant getWindowStart() {
        return windowStart;
    }

    Instant getAddedAt() {
        return addedAt;
    }

    /** A member is one user in one project. */
    @Embeddable
    record Key(@Column(name = "project_id") UUID projectId, @Column(name = "user_id") UUID userId)
            implements Serializable {
    }
}
