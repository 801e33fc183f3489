package io.gaas.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.AdditionalAnswers.returnsFirstArg;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.BDDMockito.given;
import static org.mockito.BDDMockito.then;
import static org.mockito.BDDMockito.willThrow;
import static org.mockito.Mockito.inOrder;
import static org.mockito.Mockito.lenient;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.mockito.Answers;
import org.mockito.ArgumentCaptor;
import org.mockito.InOrder;
import org.mockito.Mock;
import org.mockito.junit.jupiter.MockitoExtension;
import org.springframework.orm.ObjectOptimisticLockingFailureException;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.SimpleTransactionStatus;

import io.gaas.quota.InsufficientQuotaException;
import io.gaas.project.ProjectMemberships;
import io.gaas.quota.QuotaService;
import io.gaas.user.AuthenticatedUser;
import io.gaas.pool.PoolAtCapacityException;
import io.gaas.pool.PoolCapacity;
import io.gaas.pool.PoolDisabledException;
import io.gaas.pool.PoolService;
import io.gaas.pool.PoolSettings;
import io.gaas.pool.Pools;
import io.gaas.user.Role;
import io.gaas.web.ErrorCode;
import io.gaas.web.ValidationException;

@ExtendWith(MockitoExtension.class)
class JobServiceTests {

    private static final Instant NOW = Instant.parse("2026-11-27T10:15:30.123Z");

    @Mock
    JobRepository jobs;

    @Mock
    IdempotencyKeyRepository idempotencyKeys;

    @Mock
    QuotaService quota;

    @Mock
    PlatformTransactionManager transactionManager;

    @Mock
    PoolService pools;

    @Mock
    PoolCapacity capacity;

    /** Deep stubs: every job's wait reason (and a page's memo of them) is null here. */
    @Mock(answer = Answers.RETURNS_DEEP_STUBS)
    WaitReasons waitReasons;

    @Mock
    ApplicationEventPublisher events;

    @Mock
    ProjectMemberships memberships;

    JobService service;

    @BeforeEach
    void setUp() {
        // The charge and insert as on any database but PostgreSQL: the quota service, then the repository.
        JobSubmissions submissions = new JobSubmissions(null, jobs, quota, pools, null, memberships, false);
        service = new JobService(jobs, submissions, idempotencyKeys, quota, capacity, pools, waitReasons,
                memberships, transactionManager, events, clock());
        lenient().when(transactionManager.getTransaction(any())).thenReturn(new SimpleTransactionStatus());
        lenient().when(pools.settings("default")).thenReturn(Optional.of(DEFAULT_POOL));
        // The ledger decides a charge's time; with no earlier entry, it is the clock's.
        lenient().when(quota.charge(any(), any(), any(), any())).thenReturn(NOW);
    }

    static final PoolSettings DEFAULT_POOL = new PoolSettings(Pools.DEFAULT_ID, "default", null, BigDecimal.ONE, null,
            true);

    /** A mocked one-statement submission that writes the job as the database would. */
    private static JobSubmissions oneStatement() {
        JobSubmissions oneStatement = mock(JobSubmissions.class);
        lenient().when(oneStatement.chargeAndInsert(any()))
            .thenAnswer(call -> call.<NewJob>getArgument(0).at(DEFAULT_POOL.id(), DEFAULT_POOL.weight()));
        return oneStatement;
    }

    private static Clock clock() {
        return Clock.fixed(NOW, ZoneOffset.UTC);
    }

    // --- submit

    @Test
    void submitWhenHoursAvailableThenChargesExactHoursAtScaleTwoThenSavesAtTheChargesTime() {
        AuthenticatedUser alice = alice();
        Instant chargedAt = NOW.plusMillis(7); // the ledger's time, decided under the account's lock
        given(quota.charge(eq(alice.id()), any(), any(), eq("alice"))).willReturn(chargedAt);
        given(jobs.save(any(GpuJob.class))).willAnswer(returnsFirstArg());

        JobService.Submission submission = service.submit(alice, request("train", "2.5", null), null);

        InOrder order = inOrder(quota, jobs);
        var hours = ArgumentCaptor.forClass(BigDecimal.class);
        var chargedJobId = ArgumentCaptor.forClass(UUID.class);
        order.verify(quota).charge(eq(alice.id()), hours.capture(), chargedJobId.capture(), eq("alice"));
        var saved = ArgumentCaptor.forClass(GpuJob.class);
        order.verify(jobs).save(saved.capture());
        assertThat(hours.getValue()).isEqualTo(new BigDecimal("2.50"));
        assertThat(saved.getValue().getId()).isEqualTo(chargedJobId.getValue());
        assertThat(saved.getValue().getGpuHours()).isEqualTo(new BigDecimal("2.50"));
        assertThat(saved.getValue().getOwnerId()).isEqualTo(alice.id());
        assertThat(saved.getValue().getCreatedAt()).isEqualTo(chargedAt);
        assertThat(submission.job().createdAt()).isEqualTo(chargedAt);
        assertThat(submission.job().history()).first().satisfies(entry -> assertThat(entry.at()).isEqualTo(chargedAt));
        assertThat(submission.replayed()).isFalse();
        assertThat(submission.job().id()).isEqualTo(chargedJobId.getValue());
        assertThat(submission.job().status()).isEqualTo(JobStatus.PENDING);
        assertThat(submission.job().usedHours()).isNull();
        assertThat(submission.job().history()).hasSize(1);
        then(idempotencyKeys).shouldHaveNoInteractions();
    }

    @Test
    void submitWhenChargeIsOneStatementAndNoKeyThenOpensNoTransaction() {
        JobSubmissions oneStatement = oneStatement();
        given(oneStatement.writesInOneStatement(any())).willReturn(true);
        service = new JobService(jobs, oneStatement, idempotencyKeys, quota, capacity, pools, waitReasons,
                memberships, transactionManager, events, clock());

        AuthenticatedUser alice = alice();

        JobService.Submission submission = service.submit(alice, request("train", "2.5", "d"), null);

        var written = ArgumentCaptor.forClass(NewJob.class);
        then(oneStatement).should().chargeAndInsert(written.capture());
        assertThat(written.getValue().ownerId()).isEqualTo(alice.id());
        assertThat(written.getValue().ownerUsername()).isEqualTo("alice");
        assertThat(written.getValue().gpuHours()).isEqualTo(new BigDecimal("2.50"));
        assertThat(written.getValue().description()).isEqualTo("d");
        assertThat(written.getValue().poolName()).isEqualTo("default");
        assertThat(written.getValue().gpuCount()).isEqualTo(1);
        assertThat(submission.job().id()).isEqualTo(written.getValue().id());
        assertThat(submission.job().history()).singleElement()
            .satisfies(entry -> assertThat(entry.status()).isEqualTo(JobStatus.PENDING));
        then(transactionManager).shouldHaveNoInteractions();
    }

    @Test
    void submitWhenChargeIsOneStatementWithKeyThenClaimsAndChargesInOneTransaction() {
        JobSubmissions oneStatement = oneStatement();
        lenient().when(oneStatement.writesInOneStatement(any())).thenReturn(true); // a key needs a transaction anyway
        service = new JobService(jobs, oneStatement, idempotencyKeys, quota, capacity, pools, waitReasons,
                memberships, transactionManager, events, clock());
        given(idempotencyKeys.claim(any(), eq("k1"), anyString(), any(), eq(NOW))).willReturn(true);

        service.submit(alice(), request("train", "2.5", null), "k1");

        InOrder order = inOrder(transactionManager, idempotencyKeys, oneStatement);
        order.verify(transactionManager).getTransaction(any());
        order.verify(idempotencyKeys).claim(any(), eq("k1"), anyString(), any(), eq(NOW));
        order.verify(oneStatement).chargeAndInsert(any());
        order.verify(transactionManager).commit(any());
    }

    @Test
    void submitWhenChargeRefusedAfterClaimingKeyThenTransactionRolledBackSoTheKeyIsFree() {
        given(idempotencyKeys.claim(any(), eq("k1"), anyString(), any(), eq(NOW))).willReturn(true);
        willThrow(InsufficientQuotaException.class).given(quota).charge(any(), any(), any(), any());

        assertThatThrownBy(() -> service.submit(alice(), request("train", "2.5", null), "k1"))
            .isInstanceOf(InsufficientQuotaException.class);

        then(transactionManager).should().rollback(any());
        then(transactionManager).should(never()).commit(any());
        then(jobs).shouldHaveNoInteractions();
    }

    @Test
    void submitWhenQuotaInsufficientThenExceptionPropagatesAndNothingSaved() {
        willThrow(InsufficientQuotaException.class).given(quota).charge(any(), any(), any(), any());

        assertThatThrownBy(() -> service.submit(alice(), request("too-big", "8", null), null))
            .isInstanceOf(InsufficientQuotaException.class);
        then(jobs).shouldHaveNoInteractions();
    }

    @Test
    void submitWhenIdempotencyKeyIsNewThenClaimsItForTheNewJobAndCharges() {
        AuthenticatedUser alice = alice();
        SubmitJobRequest request = request("train", "2.5", null);
        given(idempotencyKeys.claim(eq(alice.id()), eq("k1"), eq(JobService.fingerprint(request)), any(), eq(NOW)))
            .willReturn(true);
        given(jobs.save(any(GpuJob.class))).willAnswer(returnsFirstArg());

        JobService.Submission submission = service.submit(alice, request, "k1");

        var claimedJobId = ArgumentCaptor.forClass(UUID.class);
        then(idempotencyKeys).should().claim(eq(alice.id()), eq("k1"), anyString(), claimedJobId.capture(), eq(NOW));
        then(quota).should().charge(alice.id(), new BigDecimal("2.50"), claimedJobId.getValue(), "alice");
        assertThat(submission.job().id()).isEqualTo(claimedJobId.getValue());
        assertThat(submission.replayed()).isFalse();
    }

    @Test
    void submitWhenSameKeyAndSameBodyThenReplaysOriginalJobWithoutCharging() {
        AuthenticatedUser alice = alice();
        SubmitJobRequest request = request("train", "2.5", null);
        GpuJob original = job(alice.id(), "2.50");
        given(idempotencyKeys.claim(eq(alice.id()), eq("k1"), anyString(), any(), eq(NOW))).willReturn(false);
        given(idempotencyKeys.find(alice.id(), "k1")).willReturn(Optional.of(
                new IdempotencyKeyRepository.StoredKey(JobService.fingerprint(request), original.getId(),
                        NOW.minusSeconds(3600))));
        given(jobs.findById(original.getId())).willReturn(Optional.of(original));

        JobService.Submission submission = service.submit(alice, request("train", "2.50", null), "k1");

        assertThat(submission.replayed()).isTrue();
        assertThat(submission.job().id()).isEqualTo(original.getId());
        then(quota).shouldHaveNoInteractions();
        then(jobs).should(never()).save(any());
    }

    @Test
    void submitWhenSameKeyAndDifferentBodyThenIdempotencyKeyReusedAndNoCharge() {
        AuthenticatedUser alice = alice();
        given(idempotencyKeys.claim(eq(alice.id()), eq("k1"), anyString(), any(), eq(NOW))).willReturn(false);
        given(idempotencyKeys.find(alice.id(), "k1")).willReturn(Optional.of(
                new IdempotencyKeyRepository.StoredKey(JobService.fingerprint(request("train", "2.5", null)),
                        UUID.randomUUID(), NOW.minusSeconds(60))));

        assertThatThrownBy(() -> service.submit(alice, request("train", "3", null), "k1"))
            .isInstanceOfSatisfying(IdempotencyKeyReusedException.class,
                    ex -> assertThat(ex.code()).isEqualTo(ErrorCode.IDEMPOTENCY_KEY_REUSED));
        then(quota).shouldHaveNoInteractions();
        then(jobs).shouldHaveNoInteractions();
    }

    @Test
    void submitWhenStoredKeyIsOlderThan24HoursThenKeyIsFreedAndJobCharged() {
        AuthenticatedUser alice = alice();
        given(idempotencyKeys.claim(eq(alice.id()), eq("k1"), anyString(), any(), eq(NOW))).willReturn(false, true);
        given(idempotencyKeys.find(alice.id(), "k1")).willReturn(Optional.of(new IdempotencyKeyRepository.StoredKey(
                "another body", UUID.randomUUID(), NOW.minus(JobService.IDEMPOTENCY_KEY_LIFETIME).minusSeconds(1))));
        given(jobs.save(any(GpuJob.class))).willAnswer(returnsFirstArg());

        JobService.Submission submission = service.submit(alice, request("train", "2.5", null), "k1");

        then(idempotencyKeys).should().deleteOne(alice.id(), "k1");
        then(quota).should().charge(eq(alice.id()), eq(new BigDecimal("2.50")), eq(submission.job().id()), eq("alice"));
        assertThat(submission.replayed()).isFalse();
    }

    @Test
    void fingerprintWhenHoursDifferOnlyInTrailingZerosThenEqual() {
        assertThat(JobService.fingerprint(request("train", "2.5", "d")))
            .isEqualTo(JobService.fingerprint(request("train", "2.50", "d")))
            .isEqualTo(JobService.fingerprint(request("train", "2.500", "d")));
        assertThat(JobService.fingerprint(request("train", "10", null)))
            .isEqualTo(JobService.fingerprint(request("train", "1E+1", null)));
    }

    @Test
    void fingerprintWhenAnyFieldDiffersThenDifferent() {
        String base = JobService.fingerprint(request("train", "2.5", null));

        assertThat(JobService.fingerprint(request("train", "2.51", null))).isNotEqualTo(base);
        assertThat(JobService.fingerprint(request("train2", "2.5", null))).isNotEqualTo(base);
        assertThat(JobService.fingerprint(request("train", "2.5", ""))).isNotEqualTo(base);
        assertThat(JobService.fingerprint(request("train", "2.5", "x"))).isNotEqualTo(base);
    }

    /** Pairs that the NUL-joined fingerprint could not tell apart: a field's content passed for a separator. */
    static Stream<Arguments> bodiesThatCollidedBeforeLengthPrefixes() {
        return Stream.of(
                Arguments.argumentSet("description U+0001 vs no description", request("train", "2.5", "\u0001"),
                        request("train", "2.5", null)),
                Arguments.argumentSet("separator moved between name and description",
                        request("a\u00002.5\u0000b", "2.5", "c"), request("a", "2.5", "b\u00002.5\u0000c")));
    }

    @ParameterizedTest
    @MethodSource("bodiesThatCollidedBeforeLengthPrefixes")
    void fingerprintWhenBodiesCollidedUnderTheSeparatorFormThenDifferent(SubmitJobRequest one,
            SubmitJobRequest other) {
        assertThat(JobService.legacyFingerprint(one)).as("the old form collides").isEqualTo(
                JobService.legacyFingerprint(other));

        assertThat(JobService.fingerprint(one)).isNotEqualTo(JobService.fingerprint(other));
    }

    @Test
    void submitWhenSameKeyWithABodyThatCollidedBeforeThenIdempotencyKeyReused() {
        AuthenticatedUser alice = alice();
        given(idempotencyKeys.claim(eq(alice.id()), eq("k1"), anyString(), any(), eq(NOW))).willReturn(false);
        given(idempotencyKeys.find(alice.id(), "k1")).willReturn(Optional.of(
                new IdempotencyKeyRepository.StoredKey(JobService.fingerprint(request("train", "2.5", null)),
                        UUID.randomUUID(), NOW.minusSeconds(60))));

        assertThatThrownBy(() -> service.submit(alice, request("train", "2.5", "\u0001"), "k1"))
            .isInstanceOf(IdempotencyKeyReusedException.class);
        then(quota).shouldHaveNoInteractions();
    }

    @Test
    void submitWhenKeyWasStoredWithTheOldFingerprintAndSameBodyThenStillReplayed() {
        AuthenticatedUser alice = alice();
        SubmitJobRequest request = request("train", "2.5", "d");
        GpuJob original = job(alice.id(), "2.50");
        given(idempotencyKeys.claim(eq(alice.id()), eq("k1"), anyString(), any(), eq(NOW))).willReturn(false);
        given(idempotencyKeys.find(alice.id(), "k1")).willReturn(Optional.of(
                new IdempotencyKeyRepository.StoredKey(JobService.legacyFingerprint(request), original.getId(),
                        NOW.minusSeconds(3600))));
        given(jobs.findById(original.getId())).willReturn(Optional.of(original));

        JobService.Submission submission = service.submit(alice, request, "k1");

        assertThat(submission.replayed()).isTrue();
        assertThat(submission.job().id()).isEqualTo(original.getId());
        then(quota).shouldHaveNoInteractions();
    }

    // --- changeStatus

    @Test
    void changeStatusWhenStatusUnknownThenValidationFailedNamingStatus() {
        assertThatThrownBy(() -> service.changeStatus(admin(), UUID.randomUUID(),
                new ChangeJobStatusRequest("FINISHED", null, null)))
            .isInstanceOfSatisfying(ValidationException.class, ex -> {
                assertThat(ex.code()).isEqualTo(ErrorCode.VALIDATION_FAILED);
                assertThat(ex.properties().get("errors").toString()).contains("status");
            });
        then(jobs).shouldHaveNoInteractions();
        then(quota).shouldHaveNoInteractions();
    }

    @Test
    void changeStatusWhenUsedHoursGivenWithApprovedThenValidationFailedNamingUsedHours() {
        assertThatThrownBy(() -> service.changeStatus(admin(), UUID.randomUUID(),
                new ChangeJobStatusRequest("APPROVED", null, new BigDecimal("1.00"))))
            .isInstanceOfSatisfying(ValidationException.class,
                    ex -> assertThat(ex.properties().get("errors").toString()).contains("usedHours"));
        then(jobs).shouldHaveNoInteractions();
    }

    @ParameterizedTest
    @ValueSource(strings = { "approved", " APPROVED ", "Approved" })
    void changeStatusWhenStatusIsNotExactlyAStatusNameThenValidationFailed(String status) {
        assertThatThrownBy(() -> service.changeStatus(admin(), UUID.randomUUID(),
                new ChangeJobStatusRequest(status, null, null)))
            .isInstanceOf(ValidationException.class);
        then(jobs).shouldHaveNoInteractions();
    }

    @Test
    void changeStatusWhenCompletedWithUsedHoursThenRefundsTheRestToTheOwner() {
        UUID ownerId = UUID.randomUUID();
        GpuJob job = processing(ownerId, "2.50");
        given(jobs.findById(job.getId())).willReturn(Optional.of(job));

        JobResponse response = service.changeStatus(admin(), job.getId(),
                new ChangeJobStatusRequest("COMPLETED", "early", new BigDecimal("1.25")));

        InOrder order = inOrder(jobs, quota);
        order.verify(jobs).saveAndFlush(job);
        order.verify(quota).refund(ownerId, new BigDecimal("1.25"), job.getId(), job.getCreatedAt(), "root");
        assertThat(response.status()).isEqualTo(JobStatus.COMPLETED);
        assertThat(response.usedHours()).isEqualTo(new BigDecimal("1.25"));
        assertThat(response.history()).last().satisfies(step -> {
            assertThat(step.by()).isEqualTo("root");
            assertThat(step.reason()).isEqualTo("early");
            assertThat(step.at()).isEqualTo(NOW);
        });
    }

    @Test
    void changeStatusWhenRejectedThenAllHoursRefunded() {
        UUID ownerId = UUID.randomUUID();
        GpuJob job = job(ownerId, "4.75");
        given(jobs.findById(job.getId())).willReturn(Optional.of(job));

        service.changeStatus(admin(), job.getId(), new ChangeJobStatusRequest("REJECTED", null, null));

        then(quota).should().refund(ownerId, new BigDecimal("4.75"), job.getId(), job.getCreatedAt(), "root");
    }

    @Test
    void changeStatusWhenTransitionRefusedThenInvalidTransitionAndNothingSaved() {
        GpuJob job = job(UUID.randomUUID(), "2.50");
        given(jobs.findById(job.getId())).willReturn(Optional.of(job));

        assertThatThrownBy(() -> service.changeStatus(admin(), job.getId(),
                new ChangeJobStatusRequest("COMPLETED", null, null)))
            .isInstanceOf(InvalidTransitionException.class);
        then(jobs).should(never()).saveAndFlush(any());
        then(quota).shouldHaveNoInteractions();
        then(events).shouldHaveNoInteractions();
    }

    @Test
    void changeStatusWhenRejectedThenPublishesTheChangeWithTheJobAfterIt() {
        GpuJob job = job(UUID.randomUUID(), "4.75");
        given(jobs.findById(job.getId())).willReturn(Optional.of(job));

        service.changeStatus(admin(), job.getId(), new ChangeJobStatusRequest("REJECTED", null, null));

        then(events).should().publishEvent(org.mockito.ArgumentMatchers.<Object>argThat(event ->
                event instanceof JobStatusChanged changed && changed.from() == JobStatus.PENDING
                        && changed.to() == JobStatus.REJECTED && changed.by().equals("root")
                        && changed.job().status() == JobStatus.REJECTED && changed.job().history() == null));
    }

    @Test
    void cancelThenPublishesTheChangeByTheCaller() {
        AuthenticatedUser alice = alice();
        GpuJob job = job(alice.id(), "2.50");
        given(jobs.findById(job.getId())).willReturn(Optional.of(job));

        service.cancel(alice, job.getId());

        then(events).should().publishEvent(org.mockito.ArgumentMatchers.<Object>argThat(event ->
                event instanceof JobStatusChanged changed && changed.from() == JobStatus.PENDING
                        && changed.to() == JobStatus.CANCELLED && changed.by().equals("alice")));
    }

    @Test
    void changeStatusWhenJobUnknownThenJobNotFound() {
        UUID jobId = UUID.randomUUID();
        given(jobs.findById(jobId)).willReturn(Optional.empty());

        assertThatThrownBy(() -> service.changeStatus(admin(), jobId, new ChangeJobStatusRequest("APPROVED", null,
                null)))
            .isInstanceOf(JobNotFoundException.class);
    }

    @Test
    void changeStatusWhenConcurrentChangeWinsThenInvalidTransitionAndNoRefund() {
        GpuJob job = job(UUID.randomUUID(), "2.50");
        given(jobs.findById(job.getId())).willReturn(Optional.of(job));
        given(jobs.saveAndFlush(job)).willThrow(new ObjectOptimisticLockingFailureException(GpuJob.class, job.getId()));

        assertThatThrownBy(() -> service.changeStatus(admin(), job.getId(),
                new ChangeJobStatusRequest("REJECTED", null, null)))
            .isInstanceOfSatisfying(InvalidTransitionException.class,
                    ex -> assertThat(ex.code()).isEqualTo(ErrorCode.INVALID_TRANSITION));
        then(quota).shouldHaveNoInteractions();
        then(events).shouldHaveNoInteractions();
    }

    // --- pools: capacity, weights and auto-approval

    @Test
    void changeStatusWhenStartedThenSavesTheJobThenTakesItsGpus() {
        GpuJob job = approved(pooled("2.00", "1.5", 2));
        given(jobs.findById(job.getId())).willReturn(Optional.of(job));

        service.changeStatus(admin(), job.getId(), new ChangeJobStatusRequest("PROCESSING", null, null));

        // The job's row before the pool's, in the order a worker's claim and finish take them.
        InOrder order = inOrder(capacity, jobs);
        order.verify(jobs).saveAndFlush(job);
        order.verify(capacity).take(A100.id(), 2);
        then(capacity).shouldHaveNoMoreInteractions();
    }

    @Test
    void changeStatusWhenThePoolIsFullThenPoolAtCapacityAndNothingRefunded() {
        GpuJob job = approved(pooled("2.00", "1.5", 2));
        given(jobs.findById(job.getId())).willReturn(Optional.of(job));
        org.mockito.BDDMockito.willThrow(new PoolAtCapacityException()).given(capacity).take(A100.id(), 2);

        assertThatThrownBy(() -> service.changeStatus(admin(), job.getId(),
                new ChangeJobStatusRequest("PROCESSING", null, null)))
            .isInstanceOfSatisfying(PoolAtCapacityException.class,
                    ex -> assertThat(ex.code()).isEqualTo(ErrorCode.POOL_AT_CAPACITY));
        // The job's flushed change goes with the transaction's rollback (see the pool flow tests).
        then(quota).shouldHaveNoInteractions();
    }

    @ParameterizedTest
    @ValueSource(strings = { "COMPLETED", "FAILED" })
    void changeStatusWhenARunningJobEndsThenGivesItsGpusBackAndSettlesAtItsWeight(String end) {
        GpuJob job = pooled("2.00", "1.5", 2);
        given(jobs.findById(job.getId())).willReturn(Optional.of(approvedAndRunning(job)));

        JobResponse response = service.changeStatus(admin(), job.getId(),
                new ChangeJobStatusRequest(end, null, new BigDecimal("0.51")));

        then(capacity).should().release(A100.id(), 2);
        then(quota).should().refund(job.getOwnerId(), new BigDecimal("2.23"), job.getId(), job.getCreatedAt(), "root"); // 3.00 - 0.77
        assertThat(response.chargedHours()).isEqualTo(new BigDecimal("0.77")); // 0.765 rounded up
    }

    @Test
    void changeStatusWhenAWaitingJobIsRejectedThenNoGpusMove() {
        GpuJob job = pooled("2.00", "1.5", 2);
        given(jobs.findById(job.getId())).willReturn(Optional.of(job));

        service.changeStatus(admin(), job.getId(), new ChangeJobStatusRequest("REJECTED", null, null));

        then(capacity).shouldHaveNoInteractions();
        then(quota).should().refund(job.getOwnerId(), new BigDecimal("3.00"), job.getId(), job.getCreatedAt(), "root");
    }

    @Test
    void submitWhenInAWeightedPoolThenChargesGpuHoursTimesWeightRoundedUp() {
        given(pools.settings("a100")).willReturn(Optional.of(A100));
        given(jobs.save(any(GpuJob.class))).willAnswer(returnsFirstArg());

        JobService.Submission submission = service.submit(alice(), pooledRequest("1.01", "A100", 2), null);

        then(quota).should().charge(any(), eq(new BigDecimal("2.53")), any(), eq("alice"));
        assertThat(submission.job().pool()).isEqualTo("a100");
        assertThat(submission.job().weight()).isEqualTo(new BigDecimal("2.50"));
        assertThat(submission.job().chargedHours()).isEqualTo(new BigDecimal("2.53"));
        assertThat(submission.job().timeLimitSeconds()).isEqualTo(1818);
        assertThat(submission.job().status()).isEqualTo(JobStatus.PENDING);
    }

    @Test
    void submitWhenTheChargeIsWithinThePoolsAutoApprovalThenApprovedBySystem() {
        PoolSettings auto = new PoolSettings(UUID.randomUUID(), "auto", null, BigDecimal.ONE, new BigDecimal("2.00"),
                true);
        given(pools.settings("auto")).willReturn(Optional.of(auto));
        given(jobs.save(any(GpuJob.class))).willAnswer(returnsFirstArg());

        JobService.Submission small = service.submit(alice(), pooledRequest("2.00", "auto", 1), null);
        JobService.Submission large = service.submit(alice(), pooledRequest("2.01", "auto", 1), null);

        assertThat(small.job().status()).isEqualTo(JobStatus.APPROVED);
        assertThat(small.job().history()).extracting(JobResponse.HistoryEntry::by).containsExactly("alice", "system");
        assertThat(small.job().history().get(1).reason()).isEqualTo("auto-approved");
        assertThat(large.job().status()).isEqualTo(JobStatus.PENDING);
    }

    @Test
    void submitWhenAutoApprovedInATransactionThenPublishesOneStatusChangeBySystemAndNoneWhenPending() {
        PoolSettings auto = new PoolSettings(UUID.randomUUID(), "auto", null, BigDecimal.ONE, new BigDecimal("2.00"),
                true);
        given(pools.settings("auto")).willReturn(Optional.of(auto));
        given(jobs.save(any(GpuJob.class))).willAnswer(returnsFirstArg());

        JobService.Submission small = service.submit(alice(), pooledRequest("2.00", "auto", 1), null);
        service.submit(alice(), pooledRequest("2.01", "auto", 1), null);

        var published = ArgumentCaptor.forClass(Object.class);
        then(events).should().publishEvent(published.capture());
        assertThat(published.getValue()).isInstanceOfSatisfying(JobStatusChanged.class, changed -> {
            assertThat(changed.from()).isEqualTo(JobStatus.PENDING);
            assertThat(changed.to()).isEqualTo(JobStatus.APPROVED);
            assertThat(changed.by()).isEqualTo("system");
            assertThat(changed.job().id()).isEqualTo(small.job().id());
            assertThat(changed.job().status()).isEqualTo(JobStatus.APPROVED);
            assertThat(changed.job().history()).isNull();
        });
    }

    @Test
    void submitWhenAutoApprovedByTheOneStatementThenPublishesNothingSinceTheStatementRecordsTheEvent() {
        JobSubmissions oneStatement = mock(JobSubmissions.class);
        given(oneStatement.writesInOneStatement(any())).willReturn(true);
        given(oneStatement.chargeAndInsert(any())).willAnswer(call -> {
            GpuJob job = call.<NewJob>getArgument(0).at(DEFAULT_POOL.id(), DEFAULT_POOL.weight());
            job.approveAutomatically();
            return job;
        });
        service = new JobService(jobs, oneStatement, idempotencyKeys, quota, capacity, pools, waitReasons,
                memberships, transactionManager, events, clock());

        JobService.Submission submission = service.submit(alice(), request("train", "1", null), null);

        assertThat(submission.job().status()).isEqualTo(JobStatus.APPROVED);
        then(events).shouldHaveNoInteractions();
    }

    @Test
    void submitWhenThePoolRefusesThenNothingIsCharged() {
        given(pools.settings("a100")).willReturn(Optional.of(A100));
        given(pools.settings("off")).willReturn(Optional.of(new PoolSettings(UUID.randomUUID(), "off", null,
                BigDecimal.ONE, null, false)));
        given(pools.settings("gone")).willReturn(Optional.empty());

        assertRefusedOn(() -> service.submit(alice(), pooledRequest("5", "a100", 5), null), "gpuCount");
        assertRefusedOn(() -> service.submit(alice(), pooledRequest("1", "gone", 1), null), "pool");
        assertRefusedOn(() -> service.submit(alice(), pooledRequest("1", "not a pool", 1), null), "pool");
        assertRefusedOn(() -> service.submit(alice(), pooledRequest("0.03", "a100", 4), null), "gpuHours");
        assertThatThrownBy(() -> service.submit(alice(), pooledRequest("1", "off", 1), null))
            .isInstanceOfSatisfying(PoolDisabledException.class,
                    ex -> assertThat(ex.code()).isEqualTo(ErrorCode.POOL_DISABLED));
        then(quota).shouldHaveNoInteractions();
        then(jobs).should(never()).save(any());
    }

    @Test
    void fingerprintOfAV1BodyIsUnchangedAndEachPoolFieldChangesIt() {
        SubmitJobRequest v1 = request("train", "2.5", null);
        String base = JobService.fingerprint(v1);

        assertThat(JobService.fingerprint(new SubmitJobRequest("train", new BigDecimal("2.50"), null, null, null, null)))
            .isEqualTo(base);
        assertThat(java.util.stream.Stream.of(
                new SubmitJobRequest("train", new BigDecimal("2.5"), null, "default", null, null),
                new SubmitJobRequest("train", new BigDecimal("2.5"), null, null, 1, null),
                new SubmitJobRequest("train", new BigDecimal("2.5"), null, null, null, List.of("x")),
                new SubmitJobRequest("train", new BigDecimal("2.5"), null, null, null, List.of("x", "y")))
            .map(JobService::fingerprint)).doesNotContain(base).doesNotHaveDuplicates();
    }

    private static void assertRefusedOn(org.assertj.core.api.ThrowableAssert.ThrowingCallable call, String field) {
        assertThatThrownBy(call).isInstanceOfSatisfying(ValidationException.class,
                ex -> assertThat(ex.properties().get("errors").toString()).contains("field=" + field + ","));
    }

    static final PoolSettings A100 = new PoolSettings(UUID.randomUUID(), "a100", 4, new BigDecimal("2.50"), null,
            true);

    private static SubmitJobRequest pooledRequest(String gpuHours, String pool, int gpuCount) {
        return new SubmitJobRequest("train", new BigDecimal(gpuHours), null, pool, gpuCount, null);
    }

    private static GpuJob pooled(String gpuHours, String weight, int gpuCount) {
        return new GpuJob(UUID.randomUUID(), UUID.randomUUID(), "alice", "train", null, new BigDecimal(gpuHours),
                A100.id(), "a100", new BigDecimal(weight), gpuCount, null, NOW.minusSeconds(600));
    }

    private static GpuJob approved(GpuJob job) {
        job.moveTo(JobStatus.APPROVED, null, "root", null, NOW.minusSeconds(300));
        return job;
    }

    private static GpuJob approvedAndRunning(GpuJob job) {
        approved(job).moveTo(JobStatus.PROCESSING, null, "root", null, NOW.minusSeconds(200));
        return job;
    }

    // --- cancel and visibility

    @Test
    void cancelWhenOwnerCancelsPendingJobThenAllHoursRefunded() {
        AuthenticatedUser alice = alice();
        GpuJob job = job(alice.id(), "2.50");
        given(jobs.findById(job.getId())).willReturn(Optional.of(job));

        JobResponse response = service.cancel(alice, job.getId());

        then(quota).should().refund(alice.id(), new BigDecimal("2.50"), job.getId(), job.getCreatedAt(), "alice");
        assertThat(response.status()).isEqualTo(JobStatus.CANCELLED);
        assertThat(response.usedHours()).isZero();
    }

    @Test
    void cancelWhenAdminCancelsSomeonesJobThenRefundGoesToOwner() {
        UUID ownerId = UUID.randomUUID();
        GpuJob job = job(ownerId, "2.50");
        given(jobs.findById(job.getId())).willReturn(Optional.of(job));

        service.cancel(admin(), job.getId());

        then(quota).should().refund(ownerId, new BigDecimal("2.50"), job.getId(), job.getCreatedAt(), "root");
    }

    @Test
    void cancelWhenConcurrentChangeWinsThenInvalidTransitionAndNoRefund() {
        AuthenticatedUser alice = alice();
        GpuJob job = job(alice.id(), "2.50");
        given(jobs.findById(job.getId())).willReturn(Optional.of(job));
        given(jobs.saveAndFlush(job)).willThrow(new ObjectOptimisticLockingFailureException(GpuJob.class, job.getId()));

        assertThatThrownBy(() -> service.cancel(alice, job.getId())).isInstanceOf(InvalidTransitionException.class);
        then(quota).shouldHaveNoInteractions();
    }

    @Test
    void cancelWhenUserCancelsAnotherUsersJobThenJobNotFoundAndNothingChanges() {
        GpuJob job = job(UUID.randomUUID(), "2.50");
        given(jobs.findById(job.getId())).willReturn(Optional.of(job));

        assertThatThrownBy(() -> service.cancel(alice(), job.getId())).isInstanceOf(JobNotFoundException.class);
        assertThat(job.getStatus()).isEqualTo(JobStatus.PENDING);
        then(quota).shouldHaveNoInteractions();
    }

    @Test
    void getWhenUserAsksForAnotherUsersJobThenJobNotFound() {
        GpuJob job = job(UUID.randomUUID(), "2.50");
        given(jobs.findById(job.getId())).willReturn(Optional.of(job));

        assertThatThrownBy(() -> service.get(alice(), job.getId()))
            .isInstanceOfSatisfying(JobNotFoundException.class,
                    ex -> assertThat(ex.code()).isEqualTo(ErrorCode.NOT_FOUND));
    }

    @Test
    void getWhenOwnerAsksThenJobWithHistory() {
        AuthenticatedUser alice = alice();
        GpuJob job = job(alice.id(), "2.50");
        given(jobs.findById(job.getId())).willReturn(Optional.of(job));

        JobResponse response = service.get(alice, job.getId());

        assertThat(response.id()).isEqualTo(job.getId());
        assertThat(response.owner().id()).isEqualTo(alice.id());
        assertThat(response.history()).extracting(JobResponse.HistoryEntry::status).containsExactly(JobStatus.PENDING);
    }

    @Test
    void getWhenAdminAsksForAnyJobThenVisible() {
        GpuJob job = job(UUID.randomUUID(), "2.50");
        given(jobs.findById(job.getId())).willReturn(Optional.of(job));

        assertThat(service.get(admin(), job.getId()).id()).isEqualTo(job.getId());
    }

    @Test
    void listWhenStatusFilterUnknownThenValidationFailed() {
        assertThatThrownBy(() -> service.list(alice(), "DONE", null, org.springframework.data.domain.PageRequest.of(0,
                20)))
            .isInstanceOf(ValidationException.class);
        then(jobs).shouldHaveNoInteractions();
    }

    private static AuthenticatedUser alice() {
        return new AuthenticatedUser(UUID.randomUUID(), "alice", Role.USER);
    }

    private static AuthenticatedUser admin() {
        return new AuthenticatedUser(UUID.randomUUID(), "root", Role.ADMIN);
    }

    private static SubmitJobRequest request(String name, String gpuHours, String description) {
        return new SubmitJobRequest(name, new BigDecimal(gpuHours), description);
    }

    private static GpuJob job(UUID ownerId, String gpuHours) {
        return new GpuJob(UUID.randomUUID(), ownerId, "alice", "train", null, new BigDecimal(gpuHours),
                NOW.minusSeconds(600));
    }

    private static GpuJob processing(UUID ownerId, String gpuHours) {
        GpuJob job = job(ownerId, gpuHours);
        job.moveTo(JobStatus.APPROVED, null, "root", null, NOW.minusSeconds(300));
        job.moveTo(JobStatus.PROCESSING, null, "root", null, NOW.minusSeconds(200));
        return job;
    }
}
