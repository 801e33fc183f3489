package io.gaas.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.BDDMockito.given;
import static org.mockito.BDDMockito.then;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;

import java.time.Instant;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.mockito.Mock;
import org.mockito.junit.jupiter.MockitoExtension;

import io.gaas.job.JobResponse;
import io.gaas.web.ValidationException;

@ExtendWith(MockitoExtension.class)
class ClaimWaiterTests {

    @Mock
    WorkerProtocol protocol;

    @Mock
    JobResponse job;

    ClaimWaiter waiter;
    AuthenticatedWorker worker = new AuthenticatedWorker(UUID.randomUUID(), "node-01", UUID.randomUUID(), 4, true);

    @BeforeEach
    void setUp() {
        waiter = new ClaimWaiter(protocol, 1); // re-check every millisecond: the tests do not wait seconds
        waiter.start();
    }

    private WorkerProtocol.Attempt claimed() {
        return new WorkerProtocol.Attempt(new ClaimResponse(job, Instant.EPOCH, 20), false);
    }

    @Test
    void claimWhenNoWaitAndNothingThenOneAttemptOnly() {
        given(protocol.claimOnce(worker, 2)).willReturn(WorkerProtocol.Attempt.NOTHING);

        assertThat(waiter.claim(worker, new ClaimRequest(2, null))).isEmpty();

        then(protocol).should(times(1)).claimOnce(worker, 2);
    }

    @Test
    void claimWhenAJobComesDuringTheWaitThenItIsReturned() {
        given(job.pool()).willReturn("a100");
        given(protocol.claimOnce(worker, 2)).willReturn(WorkerProtocol.Attempt.NOTHING, WorkerProtocol.Attempt.NOTHING,
                claimed());

        assertThat(waiter.claim(worker, new ClaimRequest(2, 30))).get().extracting(ClaimResponse::job).isSameAs(job);

        then(protocol).should(times(3)).claimOnce(worker, 2);
    }

    @Test
    void claimWhenWorkerDrainsThenNothingAtOnceDespiteTheWait() {
        given(protocol.claimOnce(worker, 2)).willReturn(WorkerProtocol.Attempt.DRAINING);

        assertThat(waiter.claim(worker, new ClaimRequest(2, 30))).isEmpty();

        then(protocol).should(times(1)).claimOnce(worker, 2);
    }

    @Test
    void claimWhenTheTokenSaysDisabledThenNoAttemptAtAll() {
        AuthenticatedWorker disabled = new AuthenticatedWorker(worker.id(), "node-01", worker.poolId(), 4, false);

        assertThat(waiter.claim(disabled, new ClaimRequest(2, 30))).isEmpty();

        then(protocol).should(never()).claimOnce(disabled, 2);
    }

    @Test
    void claimWhenServiceIsStoppingThenTheWaitEndsWithNothing() {
        given(protocol.claimOnce(worker, 2)).willReturn(WorkerProtocol.Attempt.NOTHING);
        waiter.stop();

        assertThat(waiter.claim(worker, new ClaimRequest(2, 30))).isEmpty();

        then(protocol).should(times(1)).claimOnce(worker, 2);
    }

    @Test
    void claimWhenFreeGpusAboveTheWorkersThenRefusedBeforeAnyAttempt() {
        assertThatThrownBy(() -> waiter.claim(worker, new ClaimRequest(5, 0))).isInstanceOf(ValidationException.class);

        then(protocol).shouldHaveNoInteractions();
    }
}
