package io.gaas.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/** The lifecycle table of API.md, PATCH /api/v1/jobs/{id}/status. */
class JobStatusTests {

    private static final Set<JobStatus> FINAL = EnumSet.of(JobStatus.COMPLETED, JobStatus.REJECTED,
            JobStatus.CANCELLED, JobStatus.FAILED);

    @ParameterizedTest
    @CsvSource({ "PENDING, APPROVED", "PENDING, REJECTED", "APPROVED, PROCESSING", "PROCESSING, COMPLETED",
            "PROCESSING, FAILED" })
    void adminMayMoveToWhenPairIsInTheTableThenAllowed(JobStatus from, JobStatus to) {
        assertThat(from.adminMayMoveTo(to)).isTrue();
    }

    @ParameterizedTest
    @CsvSource({ "PENDING, PROCESSING", "PENDING, COMPLETED", "PENDING, FAILED", "PENDING, CANCELLED",
            "PENDING, PENDING", "APPROVED, REJECTED", "APPROVED, COMPLETED", "APPROVED, PENDING", "APPROVED, CANCELLED",
            "PROCESSING, REJECTED", "PROCESSING, APPROVED", "PROCESSING, CANCELLED", "PROCESSING, PROCESSING",
            "COMPLETED, FAILED", "FAILED, COMPLETED", "REJECTED, APPROVED", "CANCELLED, PENDING" })
    void adminMayMoveToWhenPairIsNotInTheTableThenRefused(JobStatus from, JobStatus to) {
        assertThat(from.adminMayMoveTo(to)).isFalse();
    }

    @ParameterizedTest
    @MethodSource("everyPair")
    void adminMayMoveToWhenAnyPairThenOnlyTheFiveTablePairsAreAllowed(JobStatus from, JobStatus to) {
        boolean inTable = (from == JobStatus.PENDING && (to == JobStatus.APPROVED || to == JobStatus.REJECTED))
                || (from == JobStatus.APPROVED && to == JobStatus.PROCESSING)
                || (from == JobStatus.PROCESSING && (to == JobStatus.COMPLETED || to == JobStatus.FAILED));

        assertThat(from.adminMayMoveTo(to)).isEqualTo(inTable);
    }

    @ParameterizedTest
    @EnumSource(value = JobStatus.class, names = { "COMPLETED", "REJECTED", "CANCELLED", "FAILED" })
    void isFinalWhenFinalStatusThenTrueAndNothingLeadsOut(JobStatus status) {
        assertThat(status.isFinal()).isTrue();
        assertThat(status.isCancellable()).isFalse();
        assertThat(EnumSet.allOf(JobStatus.class)).noneMatch(status::adminMayMoveTo);
    }

    @ParameterizedTest
    @EnumSource(value = JobStatus.class, names = { "PENDING", "APPROVED", "PROCESSING" })
    void isFinalWhenStatusIsInProgressThenFalse(JobStatus status) {
        assertThat(status.isFinal()).isFalse();
    }

    @Test
    void isFinalWhenAllStatusesThenExactlyTheFourFinalOnes() {
        assertThat(EnumSet.allOf(JobStatus.class)).filteredOn(JobStatus::isFinal).containsExactlyInAnyOrderElementsOf(FINAL);
    }

    @Test
    void isCancellableWhenAllStatusesThenOnlyPendingAndApproved() {
        assertThat(EnumSet.allOf(JobStatus.class)).filteredOn(JobStatus::isCancellable)
            .containsExactlyInAnyOrder(JobStatus.PENDING, JobStatus.APPROVED);
    }

    @Test
    void chargesUsedHoursWhenAllStatusesThenOnlyCompletedAndFailed() {
        assertThat(EnumSet.allOf(JobStatus.class)).filteredOn(JobStatus::chargesUsedHours)
            .containsExactlyInAnyOrder(JobStatus.COMPLETED, JobStatus.FAILED);
    }

    static Stream<Arguments> everyPair() {
        return Stream.of(JobStatus.values())
            .flatMap(from -> Stream.of(JobStatus.values()).map(to -> Arguments.of(from, to)));
    }
}
