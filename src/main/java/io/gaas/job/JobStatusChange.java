package io.gaas.job;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;

/** One step of a job's history after its submission: the new status, when, by whom and why. */
@Embeddable
record JobStatusChange(
        @Enumerated(EnumType.STRING) @Column(name = "status", nullable = false, length = 16) JobStatus status,
        @Column(name = "changed_at", nullable = false) Instant at,
        @Column(name = "actor", nullable = false, length = 32) String by,
        @Column(name = "reason", length = 1000) String reason) {
}
