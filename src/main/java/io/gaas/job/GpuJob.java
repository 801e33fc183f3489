package io.gaas.job;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

import io.gaas.quota.Hours;
import jakarta.persistence.CollectionTable;
import jakarta.persistence.Column;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.OrderColumn;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

/**
 * A job and its lifecycle. Its status only moves through {@link #moveTo} and {@link #cancel}, which
 * enforce the lifecycle and say how many hours go back to the owner.
 */
@Entity
@Table(name = "gpu_jobs")
class GpuJob {

    @Id
    private UUID id;

    @Column(name = "owner_id", nullable = false, updatable = false)
    private UUID ownerId;

    /** Usernames never change, so the owner's name is kept with the job rather than joined. */
    @Column(name = "owner_username", nullable = false, updatable = false, length = 32)
    private String ownerUsername;

    /** Room for 100 characters even where a column counts UTF-16 units (see migration V8). */
    @Column(nullable = false, length = 200)
    private String name;

    @Column(length = 4000)
    private String description;

    @Column(name = "gpu_hours", nullable = false, precision = 14, scale = 2)
    private BigDecimal gpuHours;

    @Column(name = "used_hours", precision = 14, scale = 2)
    private BigDecimal usedHours;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false, length = 16)
    private JobStatus status;

    @Column(name = "created_at", nullable = false, updatable = false)
    private Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    private Instant updatedAt;

    /** Two changes of the same job at once: the second one's UPDATE finds a newer version and fails. */
    @Version
    private Long version;

    @ElementCollection
    @CollectionTable(name = "job_history", joinColumns = @JoinColumn(name = "job_id"))
    @OrderColumn(name = "seq")
    private List<JobStatusChange> changes = new ArrayList<>();

    protected GpuJob() {
    }

    GpuJob(UUID id, UUID ownerId, String ownerUsername, String name, String description, BigDecimal gpuHours,
            Instant createdAt) {
        this.id = id;
        this.ownerId = ownerId;
        this.ownerUsername = ownerUsername;
        this.name = name;
        this.description = description;
        this.gpuHours = gpuHours;
        this.status = JobStatus.PENDING;
        this.createdAt = createdAt;
        this.updatedAt = createdAt;
    }

    /**
     * Sets the submission time to the time of the job's charge, which the quota ledger decides
     * (never before the account's previous entry). Only for a new job, before it is saved.
     */
    void submittedAt(Instant at) {
        if (!changes.isEmpty()) {
            throw new IllegalStateException("The job has already changed since its submission.");
        }
        this.createdAt = at;
        this.updatedAt = at;
    }

    /**
     * An admin's status change.
     *
     * @param usedHours hours the job used, for COMPLETED and FAILED only ({@code null}: all of them)
     * @return the hours to refund to the owner
     */
    BigDecimal moveTo(JobStatus target, BigDecimal usedHours, String by, String reason, Instant at) {
        if (!status.adminMayMoveTo(target)) {
            throw new InvalidTransitionException(status, target);
        }
        BigDecimal refund = BigDecimal.ZERO;
        if (target.chargesUsedHours()) {
            BigDecimal used = usedHours == null ? gpuHours : Hours.exact(usedHours);
            if (used.compareTo(gpuHours) > 0) {
                throw new UsedHoursOutOfRangeException(gpuHours);
            }
            this.usedHours = used;
            refund = gpuHours.subtract(used);
        }
        else if (target == JobStatus.REJECTED) {
            this.usedHours = BigDecimal.ZERO;
            refund = gpuHours;
        }
        record(target, by, reason, at);
        return refund;
    }

    /** The owner's (or an admin's) cancellation: every hour goes back. */
    BigDecimal cancel(String by, Instant at) {
        if (!status.isCancellable()) {
            throw new InvalidTransitionException(status, JobStatus.CANCELLED);
        }
        this.usedHours = BigDecimal.ZERO;
        record(JobStatus.CANCELLED, by, null, at);
        return gpuHours;
    }

    /**
     * The change is dated no earlier than the job's previous one: the submission time comes from the
     * ledger and may be ahead of this replica's clock, and replicas' clocks may differ a little.
     */
    private void record(JobStatus target, String by, String reason, Instant now) {
        Instant at = now.isBefore(updatedAt) ? updatedAt : now;
        this.status = target;
        this.updatedAt = at;
        changes.add(new JobStatusChange(target, at, by, reason));
    }

    /** The whole history, oldest first, starting with the submission itself. */
    List<JobStatusChange> history() {
        List<JobStatusChange> history = new ArrayList<>(changes.size() + 1);
        history.add(new JobStatusChange(JobStatus.PENDING, createdAt, ownerUsername, null));
        history.addAll(changes);
        return Collections.unmodifiableList(history);
    }

    boolean isOwnedBy(UUID userId) {
        return ownerId.equals(userId);
    }

    UUID getId() {
        return id;
    }

    UUID getOwnerId() {
        return ownerId;
    }

    String getOwnerUsername() {
        return ownerUsername;
    }

    String getName() {
        return name;
    }

    String getDescription() {
        return description;
    }

    BigDecimal getGpuHours() {
        return gpuHours;
    }

    BigDecimal getUsedHours() {
        return usedHours;
    }

    JobStatus getStatus() {
        return status;
    }

    Instant getCreatedAt() {
        return createdAt;
    }

    Instant getUpdatedAt() {
        return updatedAt;
    }

    @Override
    public boolean equals(Object other) {
        return this == other || (other instanceof GpuJob job && Objects.equals(id, job.id));
    }

    @Override
    public int hashCode() {
        return Objects.hashCode(id);
    }
}
