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

import org.springframework.data.domain.Pageable;
import org.springframework.data.jpa.domain.Specification;
import org.springframework.orm.ObjectOptimisticLockingFailureException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

import io.gaas.config.Timestamps;
import io.gaas.quota.Hours;
import io.gaas.quota.QuotaService;
import io.gaas.user.AuthenticatedUser;
import io.gaas.web.PageResponse;
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
    private final TransactionTemplate transactions;
    private final Clock clock;

    JobService(JobRepository jobs, JobSubmissions submissions, IdempotencyKeyRepository idempotencyKeys,
            QuotaService quota, PlatformTransactionManager transactionManager, Clock clock) {
        this.jobs = jobs;
        this.submissions = submissions;
        this.idempotencyKeys = idempotencyKeys;
        this.quota = quota;
        this.transactions = new TransactionTemplate(transactionManager);
        this.clock = clock;
    }

    /**
     * Charges the job's hours and saves it atomically: if the hours are not there, nothing is
     * written. With an idempotency key, a retry of the same request returns the job it created.
     * Where the charge is a single statement and there is no key, no transaction is opened at all
     * (nor any transaction scope, which would keep the statement's connection for the error's read).
     */
    public Submission submit(AuthenticatedUser owner, SubmitJobRequest request, String idempotencyKey) {
        Instant now = Timestamps.now(clock);
        GpuJob job = new GpuJob(UUID.randomUUID(), owner.id(), owner.username(), request.name(),
                request.description(), Hours.exact(request.gpuHours()), now);
        if (idempotencyKey == null && submissions.isSingleStatement()) {
            submissions.chargeAndInsert(job);
            return new Submission(JobResponse.detail(job), false);
        }
        return transactions.execute(transaction -> {
            if (idempotencyKey != null) {
                Optional<JobResponse> replay = claimOrReplay(owner, idempotencyKey, request, job.getId(), now);
                if (replay.isPresent()) {
                    return new Submission(replay.get(), true);
                }
            }
            submissions.chargeAndInsert(job);
            return new Submission(JobResponse.detail(job), false);
        });
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
        return Optional.of(JobResponse.detail(jobs.findById(stored.jobId()).orElseThrow(JobNotFoundException::new)));
    }

    /** A user sees their own jobs; an admin sees everyone's and may filter by owner. */
    @Transactional(readOnly = true)
    public PageResponse<JobResponse> list(AuthenticatedUser caller, String status, String owner, Pageable pageable) {
        TextRule.check("owner", owner, Integer.MAX_VALUE);
        Specification<GpuJob> filter = Specification.unrestricted();
        if (!caller.isAdmin()) {
            filter = filter.and(JobRepository.ownedBy(caller.id()));
        }
        else if (owner != null && !owner.isBlank()) {
            filter = filter.and(JobRepository.ownerNamed(owner.strip().toLowerCase(Locale.ROOT)));
        }
        if (status != null) {
            filter = filter.and(JobRepository.inStatus(parseStatus(status, "status")));
        }
        return PageResponse.from(jobs.findAll(filter, pageable), JobResponse::summary);
    }

    @Transactional(readOnly = true)
    public JobResponse get(AuthenticatedUser caller, UUID jobId) {
        return JobResponse.detail(visibleJob(caller, jobId));
    }

    /** The owner or an admin cancels a PENDING or APPROVED job; all its hours go back. */
    @Transactional
    public JobResponse cancel(AuthenticatedUser caller, UUID jobId) {
        GpuJob job = visibleJob(caller, jobId);
        Instant now = Timestamps.now(clock);
        BigDecimal refund = job.cancel(caller.username(), now);
        return finishChange(job, refund, caller);
    }

    /** An admin moves a job along its lifecycle; unspent hours go back to the owner. */
    @Transactional
    public JobResponse changeStatus(AuthenticatedUser admin, UUID jobId, ChangeJobStatusRequest request) {
        JobStatus target = parseStatus(request.status(), "status");
        if (request.usedHours() != null && !target.chargesUsedHours()) {
            throw new ValidationException("usedHours", "is only allowed when the status is COMPLETED or FAILED");
        }
        GpuJob job = jobs.findById(jobId).orElseThrow(JobNotFoundException::new);
        BigDecimal refund = job.moveTo(target, request.usedHours(), admin.username(), request.reason(),
                Timestamps.now(clock));
        return finishChange(job, refund, admin);
    }

    private JobResponse finishChange(GpuJob job, BigDecimal refund, AuthenticatedUser actor) {
        try {
            // Flushed now, so a concurrent change of the same job fails here, before any refund.
            jobs.saveAndFlush(job);
        }
        catch (ObjectOptimisticLockingFailureException concurrentChange) {
            throw new InvalidTransitionException("The job was changed by another request at the same time.");
        }
        quota.refund(job.getOwnerId(), refund, job.getId(), actor.username());
        return JobResponse.detail(job);
    }

    private GpuJob visibleJob(AuthenticatedUser caller, UUID jobId) {
        return jobs.findById(jobId)
            .filter(job -> caller.isAdmin() || job.isOwnedBy(caller.id()))
            .orElseThrow(JobNotFoundException::new);
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
     * field's content can pass for a separator or for another field.
     */
    static String fingerprint(SubmitJobRequest request) {
        return sha256Hex(lengthPrefixed(request.name()) + lengthPrefixed(hours(request))
                + lengthPrefixed(request.description()));
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
     * keys live 24 hours, so this can go one release later.
     */
    static String legacyFingerprint(SubmitJobRequest request) {
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
