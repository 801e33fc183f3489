package io.gaas.job;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.data.domain.Pageable;
import org.springframework.data.jpa.domain.Specification;
import org.springframework.orm.ObjectOptimisticLockingFailureException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

import io.gaas.config.Timestamps;
import io.gaas.job.JobResponse.WaitReason;
import io.gaas.pool.PoolCapacity;
import io.gaas.pool.PoolService;
import io.gaas.pool.PoolSettings;
import io.gaas.pool.Pools;
import io.gaas.project.ProjectMembership;
import io.gaas.project.ProjectMemberships;
import io.gaas.project.ProjectRef;
import io.gaas.quota.Hours;
import io.gaas.quota.QuotaService;
import io.gaas.user.AuthenticatedUser;
import io.gaas.web.ApiException;
import io.gaas.web.ErrorCode;
import io.gaas.web.PageResponse;
import io.gaas.web.ResourceNames;
import io.gaas.web.TextRule;
import io.gaas.web.ValidationException;

/** Submits jobs against the quota and moves them through their lifecycle. */
@Service
public class JobService {

    static final Duration IDEMPOTENCY_KEY_LIFETIME = Duration.ofHours(24);

    /** The outcome of a submission: the job, and whether it is a replay of an earlier one. */
    public record Submission(JobResponse job, boolean replayed) {
    }

    private final JobRepository jobs;
    private final JobSubmissions submissions;
    private final IdempotencyKeyRepository idempotencyKeys;
    private final QuotaService quota;
    private final PoolCapacity capacity;
    private final PoolService pools;
    private final WaitReasons waitReasons;
    private final ProjectMemberships memberships;
    private final JobRefunds refunds;
    private final TransactionTemplate transactions;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    JobService(JobRepository jobs, JobSubmissions submissions, IdempotencyKeyRepository idempotencyKeys,
            QuotaService quota, PoolCapacity capacity, PoolService pools, WaitReasons waitReasons,
            ProjectMemberships memberships, PlatformTransactionManager transactionManager,
            ApplicationEventPublisher events, Clock clock) {
        this.jobs = jobs;
        this.submissions = submissions;
        this.idempotencyKeys = idempotencyKeys;
        this.quota = quota;
        this.capacity = capacity;
        this.pools = pools;
        this.waitReasons = waitReasons;
        this.memberships = memberships;
        this.refunds = new JobRefunds(quota, memberships);
        this.transactions = new TransactionTemplate(transactionManager);
        this.events = events;
        this.clock = clock;
    }

    /**
     * Charges the job's hours and saves it atomically: if the hours are not there, nothing is
     * written. With an idempotency key, a retry of the same request returns the job it created.
     * Where the charge is a single statement and there is no key, no transaction is opened at all
     * (nor any transaction scope, which would keep the statement's connection for the error's read).
     */
    public Submission submit(AuthenticatedUser owner, SubmitJobRequest request, String idempotencyKey) {
        NewJob job = newJob(owner, request);
        if (idempotencyKey == null && submissions.writesInOneStatement(job)) {
            return new Submission(submitted(submissions.chargeAndInsert(job), job), false);
        }
        return transactions.execute(transaction -> {
            if (idempotencyKey != null) {
                Optional<JobResponse> replay = claimOrReplay(owner, idempotencyKey, request, job.id(),
                        job.createdAt());
                if (replay.isPresent()) {
                    return new Submission(replay.get(), true);
                }
            }
            return new Submission(submitted(submissions.chargeAndInsert(job), job), false);
        });
    }

    /**
     * The new job's view. An auto-approval is a status change (PENDING to APPROVED by the service):
     * the one statement records its event itself, the transactional path publishes it here, inside
     * the submission's transaction, like any other change.
     */
    private JobResponse submitted(GpuJob job, NewJob request) {
        WaitReason waitReason = waitReasons.of(job);
        if (job.getStatus() == JobStatus.APPROVED && !submissions.writesInOneStatement(request)) {
            events.publishEvent(new JobStatusChanged(JobResponse.summary(job, waitReason), JobStatus.PENDING,
                    JobStatus.APPROVED, GpuJob.AUTO_APPROVER));
        }
        return JobResponse.detail(job, waitReason);
    }

    /** The request's defaults filled in (the default pool, one GPU) and the pool's name normalised. */
    private NewJob newJob(AuthenticatedUser owner, SubmitJobRequest request) {
        String pool = request.pool() == null ? Pools.DEFAULT_NAME
                : ResourceNames.normalize(request.pool())
                    .orElseThrow(() -> new ValidationException("pool", "no such pool"));
        int gpuCount = request.gpuCount() == null ? 1 : request.gpuCount();
        BigDecimal gpuHours = Hours.exact(request.gpuHours());
        if (!Charges.coversGpus(gpuHours, gpuCount)) {
            throw new ValidationException("gpuHours", "must be at least 0.01 for each GPU ("
                    + Charges.MIN_HOURS_PER_GPU.multiply(BigDecimal.valueOf(gpuCount)).toPlainString() + ")");
        }
        // A name that cannot be a project's gets the same answer as a project the caller is not in.
        String project = request.project() == null ? null
                : ResourceNames.normalize(request.project()).orElseThrow(ProjectMemberships::notAMember);
        return new NewJob(UUID.randomUUID(), owner.id(), owner.username(), request.name(), request.description(),
                gpuHours, pool, gpuCount, request.command(), Timestamps.now(clock), project);
    }

    private Optional<JobResponse> claimOrReplay(AuthenticatedUser owner, String key, SubmitJobRequest request,
            UUID jobId, Instant now) {
        String fingerprint = fingerprint(request);
        if (idempotencyKeys.claim(owner.id(), key, fingerprint, jobId, now)) {
            return Optional.empty();
        }
        IdempotencyKeyRepository.StoredKey stored = idempotencyKeys.find(owner.id(), key).orElse(null);
        if (stored == null || stored.createdAt().isBefore(now.minus(IDEMPOTENCY_KEY_LIFETIME))) {
            // Expired (or purged in between): the key is free again.
            idempotencyKeys.deleteOne(owner.id(), key);
            if (idempotencyKeys.claim(owner.id(), key, fingerprint, jobId, now)) {
                return Optional.empty();
            }
            stored = idempotencyKeys.find(owner.id(), key).orElseThrow();
        }
        if (!stored.fingerprint().equals(fingerprint) && !stored.fingerprint().equals(legacyFingerprint(request))) {
            throw new IdempotencyKeyReusedException();
        }
        return Optional.of(detail(jobs.findById(stored.jobId()).orElseThrow(JobNotFoundException::new)));
    }

    /** A user sees their own jobs; an admin sees everyone's and may filter by owner. */
    @Transactional(readOnly = true)
    public PageResponse<JobResponse> list(AuthenticatedUser caller, String status, String owner, Pageable pageable) {
        return list(caller, status, owner, null, pageable);
    }

    /** As {@link #list(AuthenticatedUser, String, String, Pageable)}, and only the jobs of a pool (any case). */
    @Transactional(readOnly = true)
    public PageResponse<JobResponse> list(AuthenticatedUser caller, String status, String owner, String pool,
            Pageable pageable) {
        return list(caller, status, owner, pool, null, pageable);
    }

    /**
     * As {@link #list(AuthenticatedUser, String, String, String, Pageable)}, and only the jobs charged
     * to a project (any case): an admin sees all of them, the project's managers too, a plain member
     * only their own. A project that does not exist and one the caller is not in are the same 400.
     */
    @Transactional(readOnly = true)
    public PageResponse<JobResponse> list(AuthenticatedUser caller, String status, String owner, String pool,
            String project, Pageable pageable) {
        TextRule.check("owner", owner, Integer.MAX_VALUE);
        Specification<GpuJob> filter = Specification.unrestricted();
        boolean seesOthers = caller.isAdmin();
        if (project != null) {
            ProjectRef charged = projectFilter(caller, project);
            filter = filter.and(JobRepository.chargedTo(charged.id()));
            seesOthers = seesOthers || managesProject(caller, charged.id());
        }
        if (!seesOthers) {
            filter = filter.and(JobRepository.ownedBy(caller.id()));
        }
        else if (caller.isAdmin() && owner != null && !owner.isBlank()) {
            filter = filter.and(JobRepository.ownerNamed(owner.strip().toLowerCase(Locale.ROOT)));
        }
        if (status != null) {
            filter = filter.and(JobRepository.inStatus(parseStatus(status, "status")));
        }
        if (pool != null) {
            PoolSettings named = pools.settings(pool).orElseThrow(() -> new ValidationException("pool", "no such pool"));
            filter = filter.and(JobRepository.inPool(named.id()));
        }
        WaitReasons.Memo reasons = waitReasons.memo();
        return PageResponse.from(jobs.findAll(filter, pageable), job -> JobResponse.summary(job, reasons.of(job)));
    }

    /** The project of a {@code ?project=} filter: any project for an admin, else one the caller is in. */
    private ProjectRef projectFilter(AuthenticatedUser caller, String project) {
        Optional<String> name = ResourceNames.normalize(project);
        if (caller.isAdmin()) {
            return name.flatMap(memberships::find).orElseThrow(() -> new ValidationException("project", "no such project"));
        }
        return name.flatMap(named -> memberships.of(named, caller.id()))
            .map(member -> new ProjectRef(member.projectId(), member.projectName()))
            .orElseThrow(ProjectMemberships::notAMember);
    }

    @Transactional(readOnly = true)
    public JobResponse get(AuthenticatedUser caller, UUID jobId) {
        return detail(visibleJob(caller, jobId));
    }

    /**
     * The owner or an admin cancels a PENDING or APPROVED job; all its hours go back. A project's
     * manager, who may read the job but not cancel it, is refused.
     */
    @Transactional
    public JobResponse cancel(AuthenticatedUser caller, UUID jobId) {
        GpuJob job = visibleJob(caller, jobId);
        if (!caller.isAdmin() && !job.isOwnedBy(caller.id())) {
            throw new ApiException(ErrorCode.FORBIDDEN, "Only the job's owner or an admin may cancel it.");
        }
        JobStatus from = job.getStatus();
        Instant now = Timestamps.now(clock);
        BigDecimal refund = job.cancel(caller.username(), now);
        return finishChange(job, from, refund, caller);
    }

    /**
     * An admin moves a job along its lifecycle; unspent hours go back to the account that was charged.
     * A manager of the job's project may approve or reject it; anything else is an admin's (403), as
     * is every job for anyone else, whether it exists or not.
     */
    @Transactional
    public JobResponse changeStatus(AuthenticatedUser caller, UUID jobId, ChangeJobStatusRequest request) {
        GpuJob managed = caller.isAdmin() ? null
                : jobs.findById(jobId).filter(job -> managesProjectOf(caller, job)).orElseThrow(JobService::adminsOnly);
        JobStatus target = parseStatus(request.status(), "status");
        if (managed != null && target != JobStatus.APPROVED && target != JobStatus.REJECTED) {
            throw new ApiException(ErrorCode.FORBIDDEN, "A project's managers may only approve or reject its jobs.");
        }
        if (request.usedHours() != null && !target.chargesUsedHours()) {
            throw new ValidationException("usedHours", "is only allowed when the status is COMPLETED or FAILED");
        }
        GpuJob job = managed != null ? managed : jobs.findById(jobId).orElseThrow(JobNotFoundException::new);
        JobStatus from = job.getStatus();
        BigDecimal refund = job.moveTo(target, request.usedHours(), caller.username(), request.reason(),
                Timestamps.now(clock));
        // The job's row first, then the owner's account, the pool's last, in the order a worker's claim,
        // finish and the lease sweeper take them: two transactions never wait for each other's row in
        // opposite order (a deadlock).
        flush(job);
        // The GPUs are taken and given back in this transaction: if the job's change loses to a
        // concurrent one, or fails later, the pool's count rolls back with it.
        if (target == JobStatus.PROCESSING) {
            capacity.take(job.getPoolId(), job.getGpuCount());
        }
        refunds.refund(job, refund, caller.username());
        if (from == JobStatus.PROCESSING && target.isFinal()) {
            capacity.release(job.getPoolId(), job.getGpuCount());
        }
        return published(job, from, caller);
    }

    private JobResponse finishChange(GpuJob job, JobStatus from, BigDecimal refund, AuthenticatedUser actor) {
        flush(job);
        refunds.refund(job, refund, actor.username());
        return published(job, from, actor);
    }

    /** In this transaction: listeners record the change with it, or not at all if it rolls back. */
    private JobResponse published(GpuJob job, JobStatus from, AuthenticatedUser actor) {
        WaitReason waitReason = waitReasons.of(job);
        events.publishEvent(new JobStatusChanged(JobResponse.summary(job, waitReason), from, job.getStatus(),
                actor.username()));
        return JobResponse.detail(job, waitReason);
    }

    /** Flushed now, so a concurrent change of the same job fails here, before any GPUs or hours move. */
    private void flush(GpuJob job) {
        try {
            jobs.saveAndFlush(job);
        }
        catch (ObjectOptimisticLockingFailureException concurrentChange) {
            throw new InvalidTransitionException("The job was changed by another request at the same time.");
        }
    }

    private JobResponse detail(GpuJob job) {
        return JobResponse.detail(job, waitReasons.of(job));
    }

    /**
     * The job, if the caller may read it (its owner, an admin, a manager of the project it is charged
     * to); else 404, as for a job that does not exist.
     */
    GpuJob visibleJob(AuthenticatedUser caller, UUID jobId) {
        return jobs.findById(jobId)
            .filter(job -> caller.isAdmin() || job.isOwnedBy(caller.id()) || managesProjectOf(caller, job))
            .orElseThrow(JobNotFoundException::new);
    }

    /** Whether the caller is now a MANAGER of the project the job is charged to. */
    private boolean managesProjectOf(AuthenticatedUser caller, GpuJob job) {
        return job.getProjectId() != null && managesProject(caller, job.getProjectId());
    }

    private boolean managesProject(AuthenticatedUser caller, UUID projectId) {
        return memberships.of(projectId, caller.id()).filter(ProjectMembership::isManager).isPresent();
    }

    private static ApiException adminsOnly() {
        return new ApiException(ErrorCode.FORBIDDEN, "Only an admin, or a manager of the job's project, may change "
                + "its status.");
    }

    /** Status names are exact, as the API writes them: {@code approved} is not one. */
    private static JobStatus parseStatus(String value, String field) {
        return Arrays.stream(JobStatus.values())
            .filter(status -> status.name().equals(value))
            .findFirst()
            .orElseThrow(() -> new ValidationException(field, "must be one of "
                    + Arrays.stream(JobStatus.values()).map(Enum::name).collect(Collectors.joining(", "))));
    }

    /**
     * Equal for requests that are equal as parsed JSON ({@code 2.5} and {@code 2.50} alike), and only
     * for those: each field is written with its length (or {@code -} for null) before it, so no
     * field's content can pass for a separator or for another field. The 1.1 fields (pool, gpuCount,
     * command; project) are written only when one of them is sent, so a v1 body keeps its fingerprint.
     */
    static String fingerprint(SubmitJobRequest request) {
        String canonical = lengthPrefixed(request.name()) + lengthPrefixed(hours(request))
                + lengthPrefixed(request.description());
        if (hasPoolFields(request)) {
            canonical += lengthPrefixed(request.pool())
                    + lengthPrefixed(request.gpuCount() == null ? null : request.gpuCount().toString())
                    + lengthPrefixed(request.command() == null ? null : CommandConverter.toJson(request.command()));
        }
        if (request.project() != null) {
            // A marker no length prefix starts with, so a project never passes for the pool fields.
            canonical += "P" + lengthPrefixed(request.project());
        }
        return sha256Hex(canonical);
    }

    private static boolean hasPoolFields(SubmitJobRequest request) {
        return request.pool() != null || request.gpuCount() != null || request.command() != null;
    }

    private static String lengthPrefixed(String field) {
        return field == null ? "-" : field.length() + ":" + field;
    }

    private static String hours(SubmitJobRequest request) {
        return request.gpuHours() == null ? null : request.gpuHours().stripTrailingZeros().toPlainString();
    }

    /**
     * The fingerprint of keys stored before {@link #fingerprint} (fields joined by NUL, a null
     * description written as U+0001, so it matched a description of just U+0001). Accepted
     * as well, so that a retry of a request sent before an upgrade is still replayed, not refused;
     * keys live 24 hours, so this can go one release later. Such keys never had the 1.1 fields, so a
     * body with them matches none.
     */
    static String legacyFingerprint(SubmitJobRequest request) {
        if (hasPoolFields(request) || request.project() != null) {
            return null;
        }
        return sha256Hex(String.join("\u0000", request.name(), hours(request),
                request.description() == null ? "\u0001" : request.description()));
    }

    private static String sha256Hex(String canonical) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(canonical.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        }
        catch (NoSuchAlgorithmException impossible) {
            throw new IllegalStateException(impossible);
        }
    }
}
