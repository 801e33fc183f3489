package io.gaas.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import io.gaas.web.ErrorCode;
import io.gaas.web.ValidationException;

class GpuJobTests {

    private static final Instant SUBMITTED = Instant.parse("2026-11-27T10:00:00Z");
    private static final Instant LATER = Instant.parse("2026-11-27T11:00:00Z");

    @Test
    void newJobWhenSubmittedThenPendingWithoutUsedHoursAndHistoryStartsWithOwner() {
        GpuJob job = job("2.50");

        assertThat(job.getStatus()).isEqualTo(JobStatus.PENDING);
        assertThat(job.getUsedHours()).isNull();
        assertThat(job.history()).containsExactly(new JobStatusChange(JobStatus.PENDING, SUBMITTED, "alice", null));
    }

    @Test
    void moveToWhenApprovedThenNothingRefundedAndUsedHoursStayNull() {
        GpuJob job = job("2.50");

        BigDecimal refund = job.moveTo(JobStatus.APPROVED, null, "root", "capacity free", LATER);

        assertThat(refund).isZero();
        assertThat(job.getStatus()).isEqualTo(JobStatus.APPROVED);
        assertThat(job.getUsedHours()).isNull();
        assertThat(job.getUpdatedAt()).isEqualTo(LATER);
    }

    @Test
    void moveToWhenRejectedThenAllHoursRefundedAndUsedHoursZero() {
        GpuJob job = job("2.50");

        BigDecimal refund = job.moveTo(JobStatus.REJECTED, null, "root", "no capacity", LATER);

        assertThat(refund).isEqualTo(new BigDecimal("2.50"));
        assertThat(job.getUsedHours()).isZero();
        assertThat(job.getStatus()).isEqualTo(JobStatus.REJECTED);
    }

    @ParameterizedTest
    @EnumSource(value = JobStatus.class, names = { "COMPLETED", "FAILED" })
    void moveToWhenFinishedWithUsedHoursThenRefundsExactlyTheRest(JobStatus end) {
        GpuJob job = processing("2.50");

        BigDecimal refund = job.moveTo(end, new BigDecimal("1.25"), "root", null, LATER);

        assertThat(refund).isEqualTo(new BigDecimal("1.25"));
        assertThat(job.getUsedHours()).isEqualTo(new BigDecimal("1.25"));
        assertThat(job.getStatus()).isEqualTo(end);
    }

    @ParameterizedTest
    @EnumSource(value = JobStatus.class, names = { "COMPLETED", "FAILED" })
    void moveToWhenFinishedWithoutUsedHoursThenAllHoursUsedAndNothingRefunded(JobStatus end) {
        GpuJob job = processing("2.50");

        BigDecimal refund = job.moveTo(end, null, "root", null, LATER);

        assertThat(refund).isZero();
        assertThat(job.getUsedHours()).isEqualTo(new BigDecimal("2.50"));
    }

    @Test
    void moveToWhenUsedHoursZeroThenEverythingRefunded() {
        GpuJob job = processing("3.00");

        BigDecimal refund = job.moveTo(JobStatus.FAILED, BigDecimal.ZERO, "root", null, LATER);

        assertThat(refund).isEqualTo(new BigDecimal("3.00"));
        assertThat(job.getUsedHours()).isEqualTo(new BigDecimal("0.00"));
    }

    @Test
    void moveToWhenUsedHoursEqualGpuHoursThenAccepted() {
        GpuJob job = processing("2.50");

        assertThat(job.moveTo(JobStatus.COMPLETED, new BigDecimal("2.5"), "root", null, LATER)).isZero();
    }

    @Test
    void moveToWhenUsedHoursHaveOneDecimalThenStoredAtScaleTwo() {
        GpuJob job = processing("2.50");

        BigDecimal refund = job.moveTo(JobStatus.COMPLETED, new BigDecimal("0.1"), "root", null, LATER);

        assertThat(job.getUsedHours()).isEqualTo(new BigDecimal("0.10"));
        assertThat(refund).isEqualTo(new BigDecimal("2.40"));
    }

    @Test
    void moveToWhenUsedHoursExceedGpuHoursThenRefusedAndJobUnchanged() {
        GpuJob job = processing("2.50");

        assertThatThrownBy(() -> job.moveTo(JobStatus.COMPLETED, new BigDecimal("2.51"), "root", null, LATER))
            .isInstanceOf(UsedHoursOutOfRangeException.class)
            .isInstanceOf(ValidationException.class);
        assertThat(job.getStatus()).isEqualTo(JobStatus.PROCESSING);
        assertThat(job.getUsedHours()).isNull();
        assertThat(job.history()).hasSize(3);
    }

    @Test
    void moveToWhenTransitionNotInLifecycleThenInvalidTransitionAndJobUnchanged() {
        GpuJob job = job("2.50");

        assertThatThrownBy(() -> job.moveTo(JobStatus.COMPLETED, null, "root", null, LATER))
            .isInstanceOfSatisfying(InvalidTransitionException.class,
                    ex -> assertThat(ex.code()).isEqualTo(ErrorCode.INVALID_TRANSITION));
        assertThat(job.getStatus()).isEqualTo(JobStatus.PENDING);
        assertThat(job.history()).hasSize(1);
    }

    @Test
    void moveToWhenJobIsFinalThenInvalidTransition() {
        GpuJob job = job("2.50");
        job.moveTo(JobStatus.REJECTED, null, "root", null, LATER);

        assertThatThrownBy(() -> job.moveTo(JobStatus.APPROVED, null, "root", null, LATER))
            .isInstanceOf(InvalidTransitionException.class);
    }

    @Test
    void moveToWhenSeveralChangesThenHistoryGrowsInOrderWithWhoAndWhy() {
        GpuJob job = job("2.50");
        Instant approved = SUBMITTED.plusSeconds(60);
        Instant started = SUBMITTED.plusSeconds(120);
        Instant done = SUBMITTED.plusSeconds(180);

        job.moveTo(JobStatus.APPROVED, null, "root", "ok", approved);
        job.moveTo(JobStatus.PROCESSING, null, "ops", null, started);
        job.moveTo(JobStatus.COMPLETED, new BigDecimal("1.25"), "root", "early finish", done);

        assertThat(job.history()).containsExactly(
                new JobStatusChange(JobStatus.PENDING, SUBMITTED, "alice", null),
                new JobStatusChange(JobStatus.APPROVED, approved, "root", "ok"),
                new JobStatusChange(JobStatus.PROCESSING, started, "ops", null),
                new JobStatusChange(JobStatus.COMPLETED, done, "root", "early finish"));
        assertThat(job.getUpdatedAt()).isEqualTo(done);
        assertThat(job.getCreatedAt()).isEqualTo(SUBMITTED);
    }

    @Test
    void cancelWhenPendingThenAllHoursRefundedAndCancelledByCaller() {
        GpuJob job = job("2.50");

        BigDecimal refund = job.cancel("alice", LATER);

        assertThat(refund).isEqualTo(new BigDecimal("2.50"));
        assertThat(job.getStatus()).isEqualTo(JobStatus.CANCELLED);
        assertThat(job.getUsedHours()).isZero();
        assertThat(job.history()).last().isEqualTo(new JobStatusChange(JobStatus.CANCELLED, LATER, "alice", null));
    }

    @Test
    void cancelWhenApprovedThenAllHoursRefunded() {
        GpuJob job = job("7.75");
        job.moveTo(JobStatus.APPROVED, null, "root", null, LATER);

        assertThat(job.cancel("root", LATER)).isEqualTo(new BigDecimal("7.75"));
        assertThat(job.getStatus()).isEqualTo(JobStatus.CANCELLED);
    }

    @Test
    void cancelWhenProcessingThenInvalidTransitionAndNothingRefunded() {
        GpuJob job = processing("2.50");

        assertThatThrownBy(() -> job.cancel("alice", LATER)).isInstanceOf(InvalidTransitionException.class);
        assertThat(job.getStatus()).isEqualTo(JobStatus.PROCESSING);
        assertThat(job.getUsedHours()).isNull();
    }

    @Test
    void cancelWhenAlreadyCancelledThenInvalidTransition() {
        GpuJob job = job("2.50");
        job.cancel("alice", LATER);

        assertThatThrownBy(() -> job.cancel("alice", LATER)).isInstanceOf(InvalidTransitionException.class);
    }

    @ParameterizedTest
    @EnumSource(value = JobStatus.class, names = { "COMPLETED", "FAILED" })
    void cancelWhenFinishedThenInvalidTransition(JobStatus end) {
        GpuJob job = processing("2.50");
        job.moveTo(end, null, "root", null, LATER);

        assertThatThrownBy(() -> job.cancel("alice", LATER)).isInstanceOf(InvalidTransitionException.class);
    }

    @Test
    void moveToWhenDecimalsThenArithmeticIsExact() {
        GpuJob job = processing("0.30");

        BigDecimal refund = job.moveTo(JobStatus.COMPLETED, new BigDecimal("0.1"), "root", null, LATER);

        // 0.30 - 0.10 in binary floating point is 0.19999999999999998
        assertThat(refund).isEqualTo(new BigDecimal("0.20"));
    }

    @Test
    void isOwnedByWhenOwnerOrOtherThenOnlyOwnerMatches() {
        UUID owner = UUID.randomUUID();
        GpuJob job = new GpuJob(UUID.randomUUID(), owner, "alice", "train", null, new BigDecimal("1.00"), SUBMITTED);

        assertThat(job.isOwnedBy(owner)).isTrue();
        assertThat(job.isOwnedBy(UUID.randomUUID())).isFalse();
    }

    private static GpuJob job(String gpuHours) {
        return new GpuJob(UUID.randomUUID(), UUID.randomUUID(), "alice", "train-resnet", null, new BigDecimal(gpuHours),
                SUBMITTED);
    }

    private static GpuJob processing(String gpuHours) {
        GpuJob job = job(gpuHours);
        job.moveTo(JobStatus.APPROVED, null, "root", null, SUBMITTED.plusSeconds(1));
        job.moveTo(JobStatus.PROCESSING, null, "root", null, SUBMITTED.plusSeconds(2));
        return job;
    }

    // --- pools: the charge, its settlement at the job's own weight, and approval

    @Test
    void newJobInAWeightedPoolHoldsItsChargeRoundedUpAndItsTimeLimit() {
        GpuJob job = weighted("1.01", "2.5", 2);

        assertThat(job.getChargedHours()).isEqualTo(new BigDecimal("2.53"));
        assertThat(job.getWeight()).isEqualTo(new BigDecimal("2.50"));
        assertThat(job.getTimeLimitSeconds()).isEqualTo(1818);
        assertThat(job.getGpuCount()).isEqualTo(2);
        assertThat(job.getPoolName()).isEqualTo("a100");
    }

    @ParameterizedTest
    @EnumSource(value = JobStatus.class, names = { "COMPLETED", "FAILED" })
    void moveToWhenFinishedInAWeightedPoolThenTheFinalChargeIsUsedTimesWeightRoundedUp(JobStatus end) {
        GpuJob job = weighted("1.01", "2.5", 2);
        job.moveTo(JobStatus.APPROVED, null, "root", null, LATER);
        job.moveTo(JobStatus.PROCESSING, null, "root", null, LATER);

        BigDecimal refund = job.moveTo(end, new BigDecimal("0.33"), "root", null, LATER);

        assertThat(job.getChargedHours()).isEqualTo(new BigDecimal("0.83"));
        assertThat(refund).isEqualTo(new BigDecimal("1.70"));
        assertThat(job.getUsedHours()).isEqualTo(new BigDecimal("0.33"));
    }

    @Test
    void moveToWhenFinishedWithAllHoursThenNothingGoesBack() {
        GpuJob job = weighted("1.01", "2.5", 1);
        job.moveTo(JobStatus.APPROVED, null, "root", null, LATER);
        job.moveTo(JobStatus.PROCESSING, null, "root", null, LATER);

        assertThat(job.moveTo(JobStatus.COMPLETED, null, "root", null, LATER)).isZero();
        assertThat(job.getChargedHours()).isEqualTo(new BigDecimal("2.53"));
    }

    @Test
    void rejectOrCancelInAWeightedPoolThenTheWholeChargeGoesBackAndTheJobHoldsNothing() {
        GpuJob rejected = weighted("1.01", "2.5", 1);
        GpuJob cancelled = weighted("1.01", "2.5", 1);

        assertThat(rejected.moveTo(JobStatus.REJECTED, null, "root", null, LATER)).isEqualTo(new BigDecimal("2.53"));
        assertThat(cancelled.cancel("alice", LATER)).isEqualTo(new BigDecimal("2.53"));
        assertThat(rejected.getChargedHours()).isZero();
        assertThat(cancelled.getChargedHours()).isZero();
        assertThat(cancelled.getUsedHours()).isZero();
    }

    @Test
    void moveToWhenApprovedThenTheApprovalTimeIsKept() {
        GpuJob job = job("2.50");
        assertThat(job.getApprovedAt()).isNull();

        job.moveTo(JobStatus.APPROVED, null, "root", null, LATER);

        assertThat(job.getApprovedAt()).isEqualTo(LATER);
    }

    @Test
    void approveAutomaticallyThenApprovedBySystemAtSubmission() {
        GpuJob job = weighted("1.00", "1", 1);

        job.approveAutomatically();

        assertThat(job.getStatus()).isEqualTo(JobStatus.APPROVED);
        assertThat(job.getApprovedAt()).isEqualTo(SUBMITTED);
        assertThat(job.history()).containsExactly(new JobStatusChange(JobStatus.PENDING, SUBMITTED, "alice", null),
                new JobStatusChange(JobStatus.APPROVED, SUBMITTED, "system", "auto-approved"));
    }

    @Test
    void approveAutomaticallyWhenNotNewThenRefused() {
        GpuJob job = job("1.00");
        job.moveTo(JobStatus.APPROVED, null, "root", null, LATER);

        assertThatThrownBy(job::approveAutomatically)
            .isInstanceOf(IllegalStateException.class);
    }

    private static GpuJob weighted(String gpuHours, String weight, int gpuCount) {
        return new GpuJob(UUID.randomUUID(), UUID.randomUUID(), "alice", "train", null,
                new BigDecimal(gpuHours), UUID.randomUUID(), "a100", new BigDecimal(weight), gpuCount,
                List.of("python", "train.py"), SUBMITTED);
    }
}
