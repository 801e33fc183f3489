package io.gaas.job;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

import org.hibernate.Hibernate;

import io.gaas.pool.Pools;
import io.gaas.quota.Hours;
import jakarta.persistence.CollectionTable;
import jakarta.persistence.Column;
import jakarta.persistence.Convert;
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

    static final String AUTO_APPROVER = "system";
    static final String AUTO_APPROVAL_REASON = "auto-approved";

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

    @Column(name = "pool_id", nullable = false, updatable = false)
    private UUID poolId;

    /** Pool names never change either, so the job keeps its pool's name as it keeps its owner's. */
    @Column(name = "pool_name", nullable = false, updatable = false, length = 32)
    private String poolName;

    @Column(name = "gpu_count", nullable = false, updatable = false)
    private int gpuCount;

    /** The project the job is charged to; {@code null} when it is charged to its owner's own account. */
    @Column(name = "project_id", updatable = false)
    private UUID projectId;

    /** Project names never change, so the job keeps its project's name as it keeps its pool's. */
    @Column(name = "project_name", updatable = false, length = 32)
    private String projectName;

    /** The pool's weight when the job was submitted: a later change of the pool's price does not reach it. */
    @Column(nullable = false, updatable = false, precision = 6, scale = 2)
    private BigDecimal weight;

    /** What the job holds of its owner's quota now: its charge, then its final charge. */
    @Column(name = "charged_hours", nullable = false, precision = 14, scale = 2)
    private BigDecimal chargedHours;

    @Convert(converter = CommandConverter.class)
    @Column(updatable = false, columnDefinition = "text")
    private List<String> command;

    @Column(name = "time_limit_seconds", nullable = false, updatable = false)
    private long timeLimitSeconds;

    @Column(name = "approved_at")
    private Instant approvedAt;

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

    // The run on a worker: all null (and false) until a worker claims the job. The worker's name is
    // kept with the job, as the owner's is: names never change.
    @Column(name = "worker_id")
    private UUID workerId;

    @Column(name = "worker_name", length = 32)
    private String workerName;

    @Column(name = "started_at")
    private Instant startedAt;

    @Column(name = "finished_at")
    private Instant finishedAt;

    @Column(name = "exit_code")
    private Integer exitCode;

    @Column(name = "lease_expires_at")
    private Instant leaseExpiresAt;

    @Column(name = "last_heartbeat_at")
    private Instant lastHeartbeatAt;

    /** When the job has overrun its time limit and the worker's grace, and the service ends it. */
    @Column(name = "deadline_at")
    private Instant deadlineAt;

    @Enumerated(EnumType.STRING)
    @Column(name = "end_reason", length = 16)
    private EndReason endReason;

    @Column(name = "stop_requested", nullable = false)
    private boolean stopRequested;

    @Column(name = "stop_requested_by", length = 40)
    private String stopRequestedBy;

    /** A heartbeat has answered {@code stop: true}: from then on the worker's finish is a stop. */
    @Column(name = "stop_acknowledged", nullable = false)
    private boolean stopAcknowledged;

    protected GpuJob() {
    }

    /** A v1 job: one GPU of the default pool, at weight 1. */
    GpuJob(UUID id, UUID ownerId, String ownerUsername, String name, String description, BigDecimal gpuHours,
            Instant createdAt) {
        this(id, ownerId, ownerUsername, name, description, gpuHours, Pools.DEFAULT_ID, Pools.DEFAULT_NAME,
                BigDecimal.ONE, 1, null, createdAt);
    }

    GpuJob(UUID id, UUID ownerId, String ownerUsername, String name, String description, BigDecimal gpuHours,
            UUID poolId, String poolName, BigDecimal weight, int gpuCount, List<String> command, Instant createdAt) {
        this.id = id;
        this.ownerId = ownerId;
        this.ownerUsername = ownerUsername;
        this.name = name;
        this.description = description;
        this.gpuHours = gpuHours;
        this.poolId = poolId;
        this.poolName = poolName;
        this.weight = Hours.exact(weight);
        this.gpuCount = gpuCount;
        this.command = command == null ? null : List.copyOf(command);
        this.chargedHours = Charges.charge(gpuHours, this.weight);
        this.timeLimitSeconds = Charges.timeLimitSeconds(gpuHours, gpuCount);
        this.status = JobStatus.PENDING;
        this.createdAt = createdAt;
        this.updatedAt = createdAt;
    }

    /** Approval at submission, by the service itself, for a job its pool approves without an approver. */
    void approveAutomatically() {
        if (status != JobStatus.PENDING || !changes.isEmpty()) {
            throw new IllegalStateException("Only a new job is approved at submission");
        }
        this.approvedAt = createdAt;
        record(JobStatus.APPROVED, AUTO_APPROVER, AUTO_APPROVAL_REASON, createdAt);
    }

    /** Charges the job to a project instead of its owner. Only for a new job, before it is saved. */
    void chargeTo(UUID project, String name) {
        if (!changes.isEmpty()) {
            throw new IllegalStateException("The job has already changed since its submission.");
        }
        this.projectId = project;
        this.projectName = name;
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
     * @param usedHours GPU-hours the job used, for COMPLETED and FAILED only ({@code null}: all of them)
     * @return the quota hours to refund to the owner
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
            refund = settle(used);
        }
        else if (target == JobStatus.REJECTED) {
            refund = settle(BigDecimal.ZERO.setScale(Hours.SCALE));
        }
        else if (target == JobStatus.APPROVED) {
            this.approvedAt = at;
        }
        if (target.isFinal() && workerId != null && finishedAt == null) {
            this.endReason = EndReason.MANUAL;
            this.finishedAt = at;
        }
        record(target, by, reason, at);
        return refund;
    }

    /** The owner's (or an admin's) cancellation: every hour goes back. */
    BigDecimal cancel(String by, Instant at) {
        if (!status.isCancellable()) {
            throw new InvalidTransitionException(status, JobStatus.CANCELLED);
        }
        BigDecimal refund = settle(BigDecimal.ZERO.setScale(Hours.SCALE));
        record(JobStatus.CANCELLED, by, null, at);
        return refund;
    }

    /**
     * The final charge for {@code used} GPU-hours at the job's own weight, rounded up; what the job
     * was charged beyond it goes back. Never more than the charge, since {@code used <= gpuHours}.
     */
    private BigDecimal settle(BigDecimal used) {
        BigDecimal finalCharge = Charges.charge(used, weight);
        BigDecimal refund = chargedHours.subtract(finalCharge);
        this.usedHours = used;
        this.chargedHours = finalCharge;
        return refund;
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

    /** A worker's claim: the job starts on it, with its lease and the moment it overruns. */
    void startRun(UUID workerId, String workerName, String actor, Instant now, Instant leaseExpiresAt,
            Instant deadlineAt) {
        if (status != JobStatus.APPROVED) {
            throw new InvalidTransitionException(status, JobStatus.PROCESSING);
        }
        this.workerId = workerId;
        this.workerName = workerName;
        this.startedAt = now;
        this.lastHeartbeatAt = now;
        this.leaseExpiresAt = leaseExpiresAt;
        this.deadlineAt = deadlineAt;
        record(JobStatus.PROCESSING, actor, null, now);
    }

    boolean isRunningOn(UUID worker) {
        return status == JobStatus.PROCESSING && worker.equals(workerId);
    }

    /** Whether the worker's own finish, with this exit code, ended the job (a retry of it is answered again). */
    boolean wasFinishedBy(UUID worker, Integer code) {
        boolean byTheWorker = endReason == EndReason.EXIT_CODE || endReason == EndReason.START_FAILED
                || endReason == EndReason.STOPPED;
        return status.isFinal() && worker.equals(workerId) && byTheWorker && Objects.equals(exitCode, code);
    }

    /**
     * The worker's report. It is charged for {@code min(runSeconds, time since the claim)} on its
     * GPUs; a job a heartbeat told to stop ends FAILED as stopped, whatever its exit code.
     *
     * @return the quota hours to refund
     */
    BigDecimal finishRun(Integer code, BigDecimal runSeconds, String actor, Instant now) {
        BigDecimal sinceClaim = seconds(startedAt, now);
        BigDecimal used = gpuHoursFor(runSeconds.min(sinceClaim));
        if (stopAcknowledged) {
            return endRun(JobStatus.FAILED, used, EndReason.STOPPED, code, actor, "stopped by " + stopRequestedBy, now);
        }
        if (code == null) {
            return endRun(JobStatus.FAILED, used, EndReason.START_FAILED, null, actor, "the command could not be started",
                    now);
        }
        return code == 0 ? endRun(JobStatus.COMPLETED, used, EndReason.EXIT_CODE, code, actor, null, now)
                : endRun(JobStatus.FAILED, used, EndReason.EXIT_CODE, code, actor, "exit code " + code, now);
    }

    /** Whether the service must end the run: its lease has expired, or it ran past its deadline. */
    boolean isOverdue(Instant now) {
        return status == JobStatus.PROCESSING && workerId != null
                && (leaseExpiresAt.isBefore(now) || !deadlineAt.isAfter(now));
    }

    /** Whichever came first: the lease's expiry (the worker is lost) or the deadline (the time limit). */
    EndReason overdueReason() {
        return leaseExpiresAt.isBefore(deadlineAt) ? EndReason.WORKER_LOST : EndReason.TIME_LIMIT;
    }

    /**
     * The service ends an overdue run: a lost worker's job is charged from its claim to its last
     * heartbeat, an overrun job in full.
     *
     * @return the quota hours to refund
     */
    BigDecimal endBySystem(EndReason reason, String actor, Instant now) {
        if (reason == EndReason.WORKER_LOST) {
            return endRun(JobStatus.FAILED, gpuHoursFor(seconds(startedAt, lastHeartbeatAt)), reason, null, actor,
                    "worker lost", now);
        }
        return endRun(JobStatus.FAILED, gpuHours, EndReason.TIME_LIMIT, null, actor, "time limit exceeded", now);
    }

    private BigDecimal endRun(JobStatus target, BigDecimal used, EndReason reason, Integer code, String actor,
            String why, Instant now) {
        BigDecimal refund = settle(used);
        this.exitCode = code;
        this.endReason = reason;
        this.finishedAt = now;
        record(target, actor, why, now);
        return refund;
    }

    /** {@code seconds × gpuCount} as GPU-hours, rounded up to 0.01, at most what the job asked for. */
    private BigDecimal gpuHoursFor(BigDecimal seconds) {
        BigDecimal hours = seconds.max(BigDecimal.ZERO)
            .multiply(BigDecimal.valueOf(gpuCount))
            .divide(BigDecimal.valueOf(3600), Hours.SCALE, RoundingMode.CEILING);
        return hours.min(gpuHours);
    }

    private static BigDecimal seconds(Instant from, Instant to) {
        return BigDecimal.valueOf(Math.max(0, Duration.between(from, to).toMillis())).movePointLeft(3);
    }

    /** Reads the status changes now rather than at their first use (they are loaded lazily). */
    void loadHistory() {
        Hibernate.initialize(changes);
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

    /** The account the job's hours came from, and so where its refunds go: its project's, or its owner's. */
    UUID getChargedAccountId() {
        return projectId != null ? projectId : ownerId;
    }

    UUID getProjectId() {
        return projectId;
    }

    String getProjectName() {
        return projectName;
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

    UUID getPoolId() {
        return poolId;
    }

    String getPoolName() {
        return poolName;
    }

    int getGpuCount() {
        return gpuCount;
    }

    BigDecimal getWeight() {
        return weight;
    }

    BigDecimal getChargedHours() {
        return chargedHours;
    }

    List<String> getCommand() {
        return command;
    }

    long getTimeLimitSeconds() {
        return timeLimitSeconds;
    }

    Instant getApprovedAt() {
        return approvedAt;
    }

    Instant getCreatedAt() {
        return createdAt;
    }

    Instant getUpdatedAt() {
        return updatedAt;
    }

    UUID getWorkerId() {
        return workerId;
    }

    String getWorkerName() {
        return workerName;
    }

    Instant getStartedAt() {
        return startedAt;
    }

    Instant getFinishedAt() {
        return finishedAt;
    }

    Integer getExitCode() {
        return exitCode;
    }

    Instant getLeaseExpiresAt() {
        return leaseExpiresAt;
    }

    Instant getDeadlineAt() {
        return deadlineAt;
    }

    /** The newest stored status change, with its position (the {@code seq} of its history row). */
    IndexedChange newestChange() {
        return new IndexedChange(changes.size() - 1, changes.getLast());
    }

    record IndexedChange(int seq, JobStatusChange change) {
    }

    EndReason getEndReason() {
        return endReason;
    }

    boolean isStopRequested() {
        return stopRequested;
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
