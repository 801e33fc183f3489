package io.gaas.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.BDDMockito.given;
import static org.mockito.BDDMockito.then;
import static org.mockito.Mockito.inOrder;
import static org.mockito.Mockito.never;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.mockito.ArgumentCaptor;
import org.mockito.InOrder;
import org.mockito.Mock;
import org.mockito.junit.jupiter.MockitoExtension;
import org.springframework.transaction.PlatformTransactionManager;

import io.gaas.job.JobRuns;
import io.gaas.web.ValidationException;

@ExtendWith(MockitoExtension.class)
class WorkerProtocolTests {

    private static final Instant NOW = Instant.parse("2026-12-01T08:00:00Z");

    @Mock
    JobRuns runs;

    @Mock
    WorkerRows workers;

    @Mock
    PlatformTransactionManager transactionManager;

    WorkerProtocol protocol;
    Worker row;
    AuthenticatedWorker worker;

    @BeforeEach
    void setUp() {
        protocol = new WorkerProtocol(runs, workers, new WorkerProperties(Duration.ofSeconds(60)), transactionManager,
                Clock.fixed(NOW, ZoneOffset.UTC));
        row = new Worker("node-01", UUID.randomUUID(), 4, "hash", NOW);
        worker = new AuthenticatedWorker(row.getId(), "node-01", row.getPoolId(), 4, true);
    }

    @Test
    void checkClaimWhenFreeGpusAboveTheWorkersGpusThenValidationFailedOnFreeGpus() {
        assertThatThrownBy(() -> WorkerProtocol.checkClaim(worker, new ClaimRequest(5, 0)))
            .isInstanceOfSatisfying(ValidationException.class,
                    e -> assertThat(e.getMessage()).startsWith("freeGpus"));
        WorkerProtocol.checkClaim(worker, new ClaimRequest(4, 0));
    }

    @Test
    void claimOnceWhenWorkerWasDisabledMeanwhileThenDrainingAndNoJobTaken() {
        given(workers.lockIfEnabled(row.getId())).willReturn(OptionalInt.empty());

        assertThat(protocol.claimOnce(worker, 4)).isEqualTo(WorkerProtocol.Attempt.DRAINING);

        then(runs).shouldHaveNoInteractions();
        then(workers).should(never()).markSeen(any(), any());
    }

    @Test
    void claimOnceWhenWorkerAlreadyRunsAllItsGpusThenNothingWithoutLookingForJobs() {
        given(workers.lockIfEnabled(row.getId())).willReturn(OptionalInt.of(4));
        given(runs.gpusRunningOn(row.getId())).willReturn(4);

        assertThat(protocol.claimOnce(worker, 4)).isEqualTo(WorkerProtocol.Attempt.NOTHING);

        then(runs).should(never()).claimNext(any(), any(), any());
    }

    @Test
    void claimOnceWhenSomeGpusRunThenAsksForAJobThatFitsTheSmallerOfFreeAndLeft() {
        given(workers.lockIfEnabled(row.getId())).willReturn(OptionalInt.of(4));
        given(runs.gpusRunningOn(row.getId())).willReturn(3);
        given(runs.claimNext(any(), any(), any())).willReturn(Optional.empty());

        assertThat(protocol.claimOnce(worker, 4)).isEqualTo(WorkerProtocol.Attempt.NOTHING);

        ArgumentCaptor<JobRuns.Claimant> claimant = ArgumentCaptor.forClass(JobRuns.Claimant.class);
        then(runs).should().claimNext(claimant.capture(), any(), any());
        assertThat(claimant.getValue().maxGpus()).isEqualTo(1);
        assertThat(claimant.getValue().poolId()).isEqualTo(row.getPoolId());
        then(workers).should().markSeen(row.getId(), NOW);
    }

    @Test
    void finishMarksTheWorkerSeenBeforeTheJobEndsSoThePoolsRowIsReleasedLast() {
        UUID jobId = UUID.randomUUID();

        protocol.finish(worker, jobId, new FinishRequest(BigDecimal.ZERO, BigDecimal.ONE, null));

        InOrder order = inOrder(workers, runs);
        order.verify(workers).markSeen(row.getId(), NOW);
        order.verify(runs).finish(any(), any());
    }

    @Test
    void finishWhenExitCodeIsNotAnIntegerThenValidationFailedOnExitCodeAndNothingReported() {
        for (String bad : new String[] { "3.5", "2147483648", "-2147483649", "1E+20" }) {
            assertThatThrownBy(() -> protocol.finish(worker, UUID.randomUUID(),
                    new FinishRequest(new BigDecimal(bad), BigDecimal.ONE, null)))
                .as(bad)
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.getMessage()).startsWith("exitCode"));
        }
        then(runs).shouldHaveNoInteractions();
    }

    @Test
    void finishWhenExitCodeIsAWholeNumberWrittenAsDecimalThenAccepted() {
        UUID jobId = UUID.randomUUID();
        protocol.finish(worker, jobId, new FinishRequest(new BigDecimal("3.0"), BigDecimal.ONE, null));

        ArgumentCaptor<JobRuns.Report> report = ArgumentCaptor.forClass(JobRuns.Report.class);
        then(runs).should().finish(report.capture(), any());
        assertThat(report.getValue().exitCode()).isEqualTo(3);
        assertThat(report.getValue().actor()).isEqualTo("worker:node-01");
    }

    @Test
    void finishWhenOutputHasNulOrIsTooLongThenValidationFailedOnOutput() {
        for (String bad : new String[] { "a\u0000b", "x".repeat(32769) }) {
            assertThatThrownBy(() -> protocol.finish(worker, UUID.randomUUID(),
                    new FinishRequest(BigDecimal.ZERO, BigDecimal.ONE, bad)))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.getMessage()).startsWith("output"));
        }
        then(runs).shouldHaveNoInteractions();
    }

    @Test
    void finishWhenOutputIs32768CharactersBeyondTheBasicPlaneThenAccepted() {
        String emoji = "\uD83D\uDE00".repeat(32768); // 65536 UTF-16 units, 32768 characters

        protocol.finish(worker, UUID.randomUUID(), new FinishRequest(BigDecimal.ZERO, BigDecimal.ONE, emoji));

        then(runs).should().finish(any(), any());
    }
}
