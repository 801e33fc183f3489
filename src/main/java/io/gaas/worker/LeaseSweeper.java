package io.gaas.worker;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import io.gaas.config.Timestamps;
import io.gaas.job.EndReason;
import io.gaas.job.JobRuns;

/**
 * Ends the runs whose worker went silent (lease expired) or that overran their time limit. Runs on
 * every replica, every sixth of the lease, through Spring's scheduler like the other recurring
 * tasks: no replica needs to be elected, because every ending is decided under the job's row lock
 * and re-checked there, so two sweeps, a sweep and a late finish, or a sweep and an admin can never
 * both end a job.
 *
 * <p>Before judging leases, a sweep looks at when the last one ran on any replica (one row in the
 * database, locked for the check): if that was more than a lease ago, the service itself was away
 * (an upgrade, a database failover), and every live lease is first extended by a lease, so the
 * workers, which kept retrying, can heartbeat again before any of their jobs is declared lost.
 */
@Component
class LeaseSweeper implements SchedulingConfigurer {

    private static final Logger log = LoggerFactory.getLogger(LeaseSweeper.class);

    private final JobRuns runs;
    private final JdbcClient jdbc;
    private final WorkerProperties properties;
    private final WorkerService workers;
    private final ApplicationEventPublisher events;
    private final TransactionTemplate transactions;
    private final Clock clock;

    LeaseSweeper(JobRuns runs, JdbcClient jdbc, WorkerProperties properties, WorkerService workers,
            ApplicationEventPublisher events, PlatformTransactionManager transactionManager, Clock clock) {
        this.runs = runs;
        this.workers = workers;
        this.events = events;
        this.jdbc = jdbc;
        this.properties = properties;
        this.transactions = new TransactionTemplate(transactionManager);
        this.clock = clock;
    }

    @Override
    public void configureTasks(ScheduledTaskRegistrar registrar) {
        registrar.addFixedDelayTask(this::sweepQuietly, properties.sweepInterval());
    }

    private void sweepQuietly() {
        try {
            sweep();
        }
        catch (RuntimeException failure) {
            // The next sweep tries again; a database that is away must not end the schedule.
            log.warn("Lease sweep failed: {}", failure.toString());
        }
    }

    /** One sweep: the "service was away" check, then each overdue job in a transaction of its own. */
    int sweep() {
        Instant now = Timestamps.now(clock);
        transactions.executeWithoutResult(transaction -> extendLeasesAfterAnOutage(now));
        int ended = 0;
        for (UUID jobId : transactions.execute(transaction -> runs.overdue(now))) {
            try {
                Optional<JobRuns.Ended> end = transactions.execute(transaction -> endIfOverdue(jobId, now));
                if (end != null && end.isPresent()) {
                    ended++;
                    count(end.get());
                }
            }
            catch (RuntimeException lostToAnotherEnding) {
                // Another transaction ended or changed the job first (a finish, an admin, another replica):
                // its ending stands, and the next sweep looks again if the job is still overdue.
                log.debug("Job {} not swept: {}", jobId, lostToAnotherEnding.toString());
            }
        }
        return ended;
    }

    /** The ending, and for a lost worker its event, in the caller's transaction: both commit or neither. */
    private Optional<JobRuns.Ended> endIfOverdue(UUID jobId, Instant now) {
        Optional<JobRuns.Ended> end = runs.endIfOverdue(jobId, now);
        end.filter(ended -> ended.reason() == EndReason.WORKER_LOST)
            .ifPresent(lost -> events.publishEvent(new WorkerLost(workers.get(lost.job().run().worker().id()),
                    lost.job())));
        return end;
    }

    private void extendLeasesAfterAnOutage(Instant now) {
        OffsetDateTime last = jdbc.sql("SELECT last_swept_at FROM lease_sweeps WHERE id = 1 FOR UPDATE")
            .query(OffsetDateTime.class)
            .optional()
            .orElse(null);
        if (last != null && Duration.between(last.toInstant(), now).compareTo(properties.lease()) > 0) {
            int extended = runs.extendLiveLeases(now.plus(properties.lease()));
            if (extended > 0) {
                log.warn("No lease sweep since {} (more than a lease): extended {} live leases by {} first", last,
                        extended, properties.lease());
            }
        }
        jdbc.sql("UPDATE lease_sweeps SET last_swept_at = :now WHERE id = 1")
            .param("now", now.atOffset(ZoneOffset.UTC))
            .update();
    }

    private static void count(JobRuns.Ended end) {
        if (end.reason() == EndReason.WORKER_LOST) {
            log.info("Job {} failed: worker lost (lease expired)", end.jobId());
            WorkerMetrics.leaseExpired(end.pool());
        }
        else {
            log.info("Job {} failed: time limit exceeded", end.jobId());
            WorkerMetrics.timeLimitHit(end.pool());
        }
    }
}
