package io.gaas.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

/** The rules of a run on a worker: what a finish, a lost lease or the time limit charge, and how each ends. */
class GpuJobRunTests {

    private static final Instant SUBMITTED = Instant.parse("2026-11-27T10:00:00Z");
    private static final Instant CLAIMED = Instant.parse("2026-11-27T10:05:00Z");
    private static final UUID WORKER = UUID.randomUUID();

    /** 4 GPU-hours on 2 GPUs at weight 1.5: charged 6, a time limit of 7200 s. */
    private static GpuJob approved() {
        GpuJob job = new GpuJob(UUID.randomUUID(), UUID.randomUUID(), "alice", "train", null, new BigDecimal("4.00"),
                UUID.randomUUID(), "a100", new BigDecimal("1.5"), 2, List.of("python", "train.py"), SUBMITTED);
        job.moveTo(JobStatus.APPROVED, null, "root", null, SUBMITTED);
        return job;
    }

    private static GpuJob running() {
        GpuJob job = approved();
        job.startRun(WORKER, "node-01", "worker:node-01", CLAIMED, CLAIMED.plusSeconds(60),
                CLAIMED.plusSeconds(7200 + 70));
        return job;
    }

    @Test
    void startRunWhenApprovedThenProcessingOnTheWorkerByTheWorker() {
        GpuJob job = running();

        assertThat(job.getStatus()).isEqualTo(JobStatus.PROCESSING);
        assertThat(job.isRunningOn(WORKER)).isTrue();
        assertThat(job.isRunningOn(UUID.randomUUID())).isFalse();
        assertThat(job.getStartedAt()).isEqualTo(CLAIMED);
        assertThat(job.history().getLast()).isEqualTo(new JobStatusChange(JobStatus.PROCESSING, CLAIMED,
                "worker:node-01", null));
    }

    @Test
    void startRunWhenNotApprovedThenInvalidTransition() {
        GpuJob pending = new GpuJob(UUID.randomUUID(), UUID.randomUUID(), "alice", "train", null, BigDecimal.ONE,
                SUBMITTED);

        assertThatThrownBy(() -> pending.startRun(WORKER, "node-01", "worker:node-01", CLAIMED, CLAIMED, CLAIMED))
            .isInstanceOf(InvalidTransitionException.class);
        assertThatThrownBy(() -> running().startRun(WORKER, "node-01", "worker:node-01", CLAIMED, CLAIMED, CLAIMED))
            .isInstanceOf(InvalidTransitionException.class);
    }

    @Test
    void finishRunWhenExitZeroThenCompletedChargedForRunTimeOnItsGpusAtItsWeight() {
        GpuJob job = running();

        BigDecimal refund = job.finishRun(0, new BigDecimal("1800"), "worker:node-01", CLAIMED.plusSeconds(1900));

        assertThat(job.getStatus()).isEqualTo(JobStatus.COMPLETED);
        assertThat(job.getUsedHours()).isEqualByComparingTo("1.00"); // 0.5 h x 2 GPUs
        assertThat(job.getChargedHours()).isEqualByComparingTo("1.50");
        assertThat(refund).isEqualByComparingTo("4.50");
        assertThat(job.getEndReason()).isEqualTo(EndReason.EXIT_CODE);
        assertThat(job.getExitCode()).isZero();
        assertThat(job.getFinishedAt()).isEqualTo(CLAIMED.plusSeconds(1900));
    }

    @Test
    void finishRunWhenRunSecondsAreMoreThanTheTimeSinceClaimThenTheTimeSinceClaimCounts() {
        GpuJob job = running();

        job.finishRun(0, new BigDecimal("999999"), "worker:node-01", CLAIMED.plusSeconds(36));

        assertThat(job.getUsedHours()).isEqualByComparingTo("0.02"); // 36 s x 2 GPUs = 0.02 h exactly
    }

    @Test
    void finishRunWhenRunTimeIsPastTheRequestThenCappedAtGpuHours() {
        GpuJob job = running();

        BigDecimal refund = job.finishRun(0, new BigDecimal("9000"), "worker:node-01", CLAIMED.plusSeconds(9000));

        assertThat(job.getUsedHours()).isEqualByComparingTo("4.00");
        assertThat(refund).isZero();
    }

    @Test
    void finishRunWhenAFractionOfASecondThenRoundedUpToAHundredth() {
        GpuJob job = running();

        job.finishRun(0, new BigDecimal("0.5"), "worker:node-01", CLAIMED.plusSeconds(1));

        assertThat(job.getUsedHours()).isEqualByComparingTo("0.01");
    }

    @Test
    void finishRunWhenExitNonZeroOrNullThenFailedWithItsReason() {
        GpuJob failed = running();
        failed.finishRun(3, BigDecimal.TEN, "worker:node-01", CLAIMED.plusSeconds(10));
        assertThat(failed.getStatus()).isEqualTo(JobStatus.FAILED);
        assertThat(failed.getEndReason()).isEqualTo(EndReason.EXIT_CODE);
        assertThat(failed.history().getLast().reason()).isEqualTo("exit code 3");

        GpuJob notStarted = running();
        notStarted.finishRun(null, BigDecimal.ZERO, "worker:node-01", CLAIMED.plusSeconds(1));
        assertThat(notStarted.getStatus()).isEqualTo(JobStatus.FAILED);
        assertThat(notStarted.getEndReason()).isEqualTo(EndReason.START_FAILED);
        assertThat(notStarted.getExitCode()).isNull();
    }

    @Test
    void wasFinishedByWhenSameWorkerAndExitCodeThenTrueOtherwiseFalse() {
        GpuJob job = running();
        job.finishRun(3, BigDecimal.TEN, "worker:node-01", CLAIMED.plusSeconds(10));

        assertThat(job.wasFinishedBy(WORKER, 3)).isTrue();
        assertThat(job.wasFinishedBy(WORKER, 0)).isFalse();
        assertThat(job.wasFinishedBy(UUID.randomUUID(), 3)).isFalse();
        assertThat(running().wasFinishedBy(WORKER, 3)).isFalse();
    }

    @Test
    void overdueWhenLeaseExpiresFirstThenWorkerLostChargedFromClaimToLastHeartbeat() {
        GpuJob job = running();
        Instant now = CLAIMED.plusSeconds(61);

        assertThat(job.isOverdue(CLAIMED.plusSeconds(60))).isFalse();
        assertThat(job.isOverdue(now)).isTrue();
        assertThat(job.overdueReason()).isEqualTo(EndReason.WORKER_LOST);
        BigDecimal refund = job.endBySystem(EndReason.WORKER_LOST, "system", now);

        assertThat(job.getStatus()).isEqualTo(JobStatus.FAILED);
        assertThat(job.getUsedHours()).isEqualByComparingTo("0"); // no heartbeat after the claim
        assertThat(refund).isEqualByComparingTo("6.00");
        assertThat(job.history().getLast()).isEqualTo(new JobStatusChange(JobStatus.FAILED, now, "system",
                "worker lost"));
    }

    @Test
    void overdueWhenDeadlinePassesWhileHeartbeatingThenTimeLimitChargedInFull() {
        GpuJob job = approved();
        job.startRun(WORKER, "node-01", "worker:node-01", CLAIMED, CLAIMED.plusSeconds(9999), CLAIMED.plusSeconds(7270));

        assertThat(job.isOverdue(CLAIMED.plusSeconds(7269))).isFalse();
        assertThat(job.isOverdue(CLAIMED.plusSeconds(7270))).isTrue();
        assertThat(job.overdueReason()).isEqualTo(EndReason.TIME_LIMIT);
        BigDecimal refund = job.endBySystem(EndReason.TIME_LIMIT, "system", CLAIMED.plusSeconds(7270));

        assertThat(job.getUsedHours()).isEqualByComparingTo("4.00");
        assertThat(refund).isZero();
        assertThat(job.history().getLast().reason()).isEqualTo("time limit exceeded");
    }

    @Test
    void moveToWhenAdminEndsAWorkersJobThenManual() {
        GpuJob job = running();

        job.moveTo(JobStatus.COMPLETED, new BigDecimal("1"), "root", null, CLAIMED.plusSeconds(100));

        assertThat(job.getEndReason()).isEqualTo(EndReason.MANUAL);
        assertThat(job.getFinishedAt()).isEqualTo(CLAIMED.plusSeconds(100));
        assertThat(job.isRunningOn(WORKER)).isFalse();
    }
}
