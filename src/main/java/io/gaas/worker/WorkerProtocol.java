package io.gaas.worker;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.OptionalInt;
import java.util.UUID;

import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import io.gaas.config.Timestamps;
import io.gaas.job.JobResponse;
import io.gaas.job.JobRuns;
import io.gaas.web.ValidationException;

/**
 * The worker's side of a job's run: one claim attempt, heartbeats and the finish. Each is one short
 * transaction; waiting for work (the long poll) happens outside any, in {@link ClaimWaiter}.
 */
@Service
class WorkerProtocol {

    private final JobRuns runs;
    private final WorkerRows workers;
    private final WorkerProperties properties;
    private final TransactionTemplate transactions;
    private final Clock clock;

    WorkerProtocol(JobRuns runs, WorkerRows workers, WorkerProperties properties,
            PlatformTransactionManager transactionManager, Clock clock) {
        this.runs = runs;
        this.workers = workers;
        this.properties = properties;
        this.transactions = new TransactionTemplate(transactionManager);
        this.clock = clock;
    }

    /** The bounds of a claim that do not depend on the database: freeGpus within the worker's GPUs. */
    static void checkClaim(AuthenticatedWorker worker, ClaimRequest request) {
        if (request.freeGpus() > worker.gpus()) {
            throw new ValidationException("freeGpus", "must be between 1 and the worker's gpus (" + worker.gpus() + ")");
        }
    }

    /**
     * One claim attempt. The worker's row is locked first, so two claims of one worker are one after
     * the other and the GPUs it already runs are counted exactly; a disabled (draining) worker gets
     * nothing. The job is then taken by {@link JobRuns#claimNext}, which no other claim can also take.
     */
    Attempt claimOnce(AuthenticatedWorker worker, int freeGpus) {
        return transactions.execute(transaction -> {
            Instant now = Timestamps.now(clock);
            OptionalInt gpus = workers.lockIfEnabled(worker.id());
            if (gpus.isEmpty()) {
                return Attempt.DRAINING;
            }
            workers.markSeen(worker.id(), now);
            int room = Math.min(freeGpus, gpus.getAsInt() - runs.gpusRunningOn(worker.id()));
            if (room < 1) {
                return Attempt.NOTHING;
            }
            return runs.claimNext(new JobRuns.Claimant(worker.id(), worker.name(), worker.poolId(), room),
                    properties.lease(), properties::runAllowance)
                .map(claim -> new Attempt(new ClaimResponse(claim.job(), claim.leaseExpiresAt(),
                        properties.heartbeatSeconds()), false))
                .orElse(Attempt.NOTHING);
        });
    }

    /** The outcome of one claim attempt: a job, nothing yet, or nothing ever (the worker is draining). */
    record Attempt(ClaimResponse claimed, boolean draining) {

        static final Attempt NOTHING = new Attempt(null, false);
        static final Attempt DRAINING = new Attempt(null, true);
    }

    HeartbeatResponse heartbeat(AuthenticatedWorker worker, UUID jobId) {
        return transactions.execute(transaction -> {
            Instant now = Timestamps.now(clock);
            Instant leaseExpiresAt = now.plus(properties.lease());
            boolean stop = runs.heartbeat(worker.id(), jobId, now, leaseExpiresAt);
            workers.markSeen(worker.id(), now);
            return new HeartbeatResponse(leaseExpiresAt, stop);
        });
    }

    JobResponse finish(AuthenticatedWorker worker, UUID jobId, FinishRequest request) {
        Integer exitCode = exitCode(request.exitCode());
        String output = checkedOutput(request.output());
        return transactions.execute(transaction -> {
            Instant now = Timestamps.now(clock);
            // Seen first: the finish gives the pool's GPUs back last, and that row is the one every
            // claim and ending of the pool waits for, so nothing else may run between it and the commit.
            workers.markSeen(worker.id(), now);
            return runs.finish(new JobRuns.Report(worker.id(), worker.actor(), jobId, exitCode, request.runSeconds(),
                    output), now);
        });
    }

    List<JobResponse> runningJobs(AuthenticatedWorker worker) {
        return runs.runningOn(worker.id());
    }

    private static Integer exitCode(BigDecimal value) {
        if (value == null) {
            return null;
        }
        try {
            return value.stripTrailingZeros().intValueExact();
        }
        catch (ArithmeticException notAnInt) {
            throw new ValidationException("exitCode", "must be an integer (or null when the command could not start)");
        }
    }

    private static String checkedOutput(String output) {
        if (output == null) {
            return null;
        }
        if (output.indexOf('\u0000') >= 0) {
            throw new ValidationException("output", "must not contain NUL characters");
        }
        if (output.codePointCount(0, output.length()) > FinishRequest.MAX_OUTPUT_CHARACTERS) {
            throw new ValidationException("output", "must be at most " + FinishRequest.MAX_OUTPUT_CHARACTERS
                    + " characters");
        }
        return output;
    }
}
