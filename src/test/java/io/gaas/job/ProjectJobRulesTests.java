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
import static org.mockito.Mockito.never;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.mockito.Answers;
import org.mockito.ArgumentCaptor;
import org.mockito.InOrder;
import org.mockito.Mock;
import org.mockito.junit.jupiter.MockitoExtension;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.SimpleTransactionStatus;

import io.gaas.pool.PoolCapacity;
import io.gaas.pool.PoolService;
import io.gaas.pool.PoolSettings;
import io.gaas.pool.Pools;
import io.gaas.project.CapExceededException;
import io.gaas.project.ProjectDisabledException;
import io.gaas.project.ProjectMembership;
import io.gaas.project.ProjectMemberships;
import io.gaas.project.ProjectRole;
import io.gaas.quota.QuotaService;
import io.gaas.user.AuthenticatedUser;
import io.gaas.user.Role;
import io.gaas.web.ApiException;
import io.gaas.web.ErrorCode;
import io.gaas.web.ValidationException;

/**
 * The rules of jobs charged to projects, with the database mocked away: what a submission charges
 * and in which order, who may read, approve, reject, cancel and stop a project's jobs, and where a
 * refund goes.
 */
@ExtendWith(MockitoExtension.class)
class ProjectJobRulesTests {

    static final Instant NOW = Instant.parse("2026-12-01T10:00:00Z");

    static final UUID PROJECT = UUID.randomUUID();

    static final PoolSettings DEFAULT_POOL = new PoolSettings(Pools.DEFAULT_ID, "default", null, BigDecimal.ONE, null,
            true);

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

    @Mock(answer = Answers.RETURNS_DEEP_STUBS)
    WaitReasons waitReasons;

    @Mock
    ApplicationEventPublisher events;

    @Mock
    ProjectMemberships memberships;

    JobService service;

    AuthenticatedUser alice = user("alice");

    AuthenticatedUser manager = user("mia");

    @BeforeEach
    void setUp() {
        JobSubmissions submissions = new JobSubmissions(null, jobs, quota, pools, null, memberships, false);
        service = new JobService(jobs, submissions, idempotencyKeys, quota, capacity, pools, waitReasons, memberships,
                transactionManager, events, Clock.fixed(NOW, ZoneOffset.UTC));
        lenient().when(transactionManager.getTransaction(any())).thenReturn(new SimpleTransactionStatus());
        lenient().when(pools.settings("default")).thenReturn(Optional.of(DEFAULT_POOL));
        lenient().when(quota.charge(any(), any(), any(), any())).thenReturn(NOW);
        lenient().when(jobs.save(any(GpuJob.class))).thenAnswer(returnsFirstArg());
    }

    // --- submission

    @Test
    void submitToProjectThenChargesTheProjectsAccountThenTheMembersSpendingAndSavesTheJobWithItsProject() {
        given(memberships.of("vision-lab", alice.id())).willReturn(Optional.of(member(ProjectRole.MEMBER, true)));

        JobService.Submission submission = service.submit(alice, request("Vision-Lab"), null);

        InOrder order = inOrder(quota, memberships, jobs);
        var jobId = ArgumentCaptor.forClass(UUID.class);
        order.verify(quota).charge(eq(PROJECT), eq(new BigDecimal("2.50")), jobId.capture(), eq("alice"));
        order.verify(memberships).spend(PROJECT, alice.id(), new BigDecimal("2.50"));
        var saved = ArgumentCaptor.forClass(GpuJob.class);
        order.verify(jobs).save(saved.capture());
        assertThat(saved.getValue().getId()).isEqualTo(jobId.getValue());
        assertThat(saved.getValue().getChargedAccountId()).isEqualTo(PROJECT);
        assertThat(saved.getValue().getOwnerId()).isEqualTo(alice.id());
        assertThat(submission.job().project().id()).isEqualTo(PROJECT);
        assertThat(submission.job().project().name()).isEqualTo("vision-lab");
        then(quota).should(never()).charge(eq(alice.id()), any(), any(), any());
    }

    @Test
    void submitToProjectThenUsesATransactionEvenWithoutAKey() {
        given(memberships.of("vision-lab", alice.id())).willReturn(Optional.of(member(ProjectRole.MEMBER, true)));

        service.submit(alice, request("vision-lab"), null);

        then(transactionManager).should().getTransaction(any());
        then(transactionManager).should().commit(any());
    }

    @Test
    void submitWithoutProjectThenChargesTheOwnerAndNoMember() {
        service.submit(alice, request(null), null);

        then(quota).should().charge(eq(alice.id()), eq(new BigDecimal("2.50")), any(), eq("alice"));
        then(memberships).shouldHaveNoInteractions();
    }

    @Test
    void submitToProjectWhenNotAMemberThenValidationFailedOnProjectAndNothingCharged() {
        given(memberships.of("vision-lab", alice.id())).willReturn(Optional.empty());

        assertThatThrownBy(() -> service.submit(alice, request("vision-lab"), null))
            .isInstanceOfSatisfying(ValidationException.class, error -> assertThat(error.getMessage())
                .startsWith("project:"));
        then(quota).shouldHaveNoInteractions();
        then(jobs).shouldHaveNoInteractions();
    }

    @ParameterizedTest
    @ValueSource(strings = { "", " ", "a", "-lab", "vision lab", "ab\u0000", "abcdefghijklmnopqrstuvwxyz0123456",
            "vİsion" })
    void submitToProjectWhenNameCannotBeAProjectsThenSameAnswerAsNotAMember(String name) {
        assertThatThrownBy(() -> service.submit(alice, request(name), null))
            .isInstanceOfSatisfying(ValidationException.class, error -> assertThat(error.getMessage())
                .isEqualTo(ProjectMemberships.notAMember().getMessage()));
        then(memberships).shouldHaveNoInteractions();
        then(quota).shouldHaveNoInteractions();
    }

    @Test
    void submitToProjectWhenDisabledThenProjectDisabledAndNothingCharged() {
        given(memberships.of("vision-lab", alice.id())).willReturn(Optional.of(member(ProjectRole.MEMBER, false)));

        assertThatThrownBy(() -> service.submit(alice, request("vision-lab"), null))
            .isInstanceOfSatisfying(ProjectDisabledException.class,
                    error -> assertThat(error.code()).isEqualTo(ErrorCode.PROJECT_DISABLED));
        then(quota).shouldHaveNoInteractions();
        then(jobs).shouldHaveNoInteractions();
    }

    @Test
    void submitToProjectWhenOverTheCapThenCapExceededAfterTheChargeAndNoJobSaved() {
        given(memberships.of("vision-lab", alice.id())).willReturn(Optional.of(member(ProjectRole.MEMBER, true)));
        willThrow(new CapExceededException(new BigDecimal("2.50"), new BigDecimal("3.00"), new BigDecimal("1.00")))
            .given(memberships).spend(any(), any(), any());

        assertThatThrownBy(() -> service.submit(alice, request("vision-lab"), null))
            .isInstanceOfSatisfying(CapExceededException.class, error -> {
                assertThat(error.code()).isEqualTo(ErrorCode.CAP_EXCEEDED);
                assertThat(error.properties()).containsEntry("capHours", new BigDecimal("3.00"))
                    .containsEntry("spentHours", new BigDecimal("1.00"));
            });
        // The account was charged first (lock order), so the transaction must undo it: it is rolled back.
        then(quota).should().charge(eq(PROJECT), any(), any(), any());
        then(transactionManager).should().rollback(any());
        then(transactionManager).should(never()).commit(any());
        then(jobs).should(never()).save(any());
    }

    @Test
    void fingerprintWhenProjectDiffersThenDiffersAndWithoutProjectStaysAsBefore() {
        SubmitJobRequest personal = request(null);
        SubmitJobRequest charged = request("vision-lab");
        SubmitJobRequest other = request("audio-lab");

        assertThat(JobService.fingerprint(personal))
            .isEqualTo(JobService.fingerprint(new SubmitJobRequest("train", new BigDecimal("2.5"), null)));
        assertThat(JobService.fingerprint(charged)).isNotEqualTo(JobService.fingerprint(personal))
            .isNotEqualTo(JobService.fingerprint(other));
        assertThat(JobService.legacyFingerprint(charged)).isNull();
        // A project cannot pass for the pool fields.
        assertThat(JobService.fingerprint(new SubmitJobRequest("train", new BigDecimal("2.5"), null, "p", null, null)))
            .isNotEqualTo(JobService.fingerprint(new SubmitJobRequest("train", new BigDecimal("2.5"), null, null, null,
                    null, "p")));
    }

    // --- managers

    @Test
    void changeStatusWhenManagerApprovesTheirProjectsJobThenApproved() {
        GpuJob job = projectJob(alice.id());
        given(jobs.findById(job.getId())).willReturn(Optional.of(job));
        given(memberships.of(PROJECT, manager.id())).willReturn(Optional.of(member(ProjectRole.MANAGER, true)));
        given(jobs.saveAndFlush(job)).willReturn(job);

        JobResponse approved = service.changeStatus(manager, job.getId(), new ChangeJobStatusRequest("APPROVED", null,
                null));

        assertThat(approved.status()).isEqualTo(JobStatus.APPROVED);
        assertThat(approved.history()).last().satisfies(entry -> assertThat(entry.by()).isEqualTo("mia"));
    }

    @Test
    void changeStatusWhenManagerRejectsThenRefundsTheProjectThenTheOwnersSpendingInThatOrder() {
        GpuJob job = projectJob(alice.id());
        given(jobs.findById(job.getId())).willReturn(Optional.of(job));
        given(memberships.of(PROJECT, manager.id())).willReturn(Optional.of(member(ProjectRole.MANAGER, true)));
        given(jobs.saveAndFlush(job)).willReturn(job);

        service.changeStatus(manager, job.getId(), new ChangeJobStatusRequest("REJECTED", "not now", null));

        InOrder order = inOrder(jobs, quota, memberships);
        order.verify(jobs).saveAndFlush(job);
        order.verify(quota).refund(PROJECT, new BigDecimal("2.50"), job.getId(), job.getCreatedAt(), "mia");
        order.verify(memberships).refund(PROJECT, alice.id(), job.getCreatedAt(), new BigDecimal("2.50"));
    }

    @ParameterizedTest
    @ValueSource(strings = { "PROCESSING", "COMPLETED", "FAILED", "CANCELLED", "PENDING" })
    void changeStatusWhenManagerAsksAnyOtherTargetThenForbiddenAndNothingChanges(String target) {
        GpuJob job = projectJob(alice.id());
        given(jobs.findById(job.getId())).willReturn(Optional.of(job));
        given(memberships.of(PROJECT, manager.id())).willReturn(Optional.of(member(ProjectRole.MANAGER, true)));

        assertThatThrownBy(() -> service.changeStatus(manager, job.getId(), new ChangeJobStatusRequest(target, null,
                null)))
            .isInstanceOfSatisfying(ApiException.class, error -> assertThat(error.code()).isEqualTo(ErrorCode.FORBIDDEN));
        assertThat(job.getStatus()).isEqualTo(JobStatus.PENDING);
        then(jobs).should(never()).saveAndFlush(any());
        then(quota).should(never()).refund(any(), any(), any(), any(), anyString());
    }

    @Test
    void changeStatusWhenPlainMemberThenForbiddenEvenForABadStatus() {
        GpuJob job = projectJob(manager.id());
        given(jobs.findById(job.getId())).willReturn(Optional.of(job));
        given(memberships.of(PROJECT, alice.id())).willReturn(Optional.of(member(ProjectRole.MEMBER, true)));

        assertThatThrownBy(() -> service.changeStatus(alice, job.getId(), new ChangeJobStatusRequest("approved", null,
                null)))
            .isInstanceOfSatisfying(ApiException.class, error -> assertThat(error.code()).isEqualTo(ErrorCode.FORBIDDEN));
    }

    @Test
    void changeStatusWhenUserAndJobIsPersonalOrMissingThenForbiddenAsInV1() {
        GpuJob personal = new GpuJob(UUID.randomUUID(), alice.id(), "alice", "train", null, new BigDecimal("1"), NOW);
        given(jobs.findById(personal.getId())).willReturn(Optional.of(personal));
        UUID missing = UUID.randomUUID();
        given(jobs.findById(missing)).willReturn(Optional.empty());

        for (UUID id : new UUID[] { personal.getId(), missing }) {
            assertThatThrownBy(() -> service.changeStatus(alice, id, new ChangeJobStatusRequest("APPROVED", null, null)))
                .isInstanceOfSatisfying(ApiException.class,
                        error -> assertThat(error.code()).isEqualTo(ErrorCode.FORBIDDEN));
        }
        then(memberships).shouldHaveNoInteractions();
    }

    @Test
    void getWhenManagerOfTheJobsProjectThenVisibleAndWhenPlainMemberThenNotFound() {
        GpuJob job = projectJob(UUID.randomUUID());
        given(jobs.findById(job.getId())).willReturn(Optional.of(job));
        given(memberships.of(PROJECT, manager.id())).willReturn(Optional.of(member(ProjectRole.MANAGER, true)));
        given(memberships.of(PROJECT, alice.id())).willReturn(Optional.of(member(ProjectRole.MEMBER, true)));

        assertThat(service.get(manager, job.getId()).id()).isEqualTo(job.getId());
        assertThatThrownBy(() -> service.get(alice, job.getId())).isInstanceOf(JobNotFoundException.class);
    }

    @Test
    void cancelWhenManagerButNotOwnerThenForbiddenAndNothingRefunded() {
        GpuJob job = projectJob(alice.id());
        given(jobs.findById(job.getId())).willReturn(Optional.of(job));
        given(memberships.of(PROJECT, manager.id())).willReturn(Optional.of(member(ProjectRole.MANAGER, true)));

        assertThatThrownBy(() -> service.cancel(manager, job.getId()))
            .isInstanceOfSatisfying(ApiException.class, error -> assertThat(error.code()).isEqualTo(ErrorCode.FORBIDDEN));
        assertThat(job.getStatus()).isEqualTo(JobStatus.PENDING);
        then(quota).shouldHaveNoInteractions();
    }

    @Test
    void cancelWhenOwnerOfAProjectJobThenRefundsTheProjectAndTheOwnersSpending() {
        GpuJob job = projectJob(alice.id());
        given(jobs.findById(job.getId())).willReturn(Optional.of(job));
        given(jobs.saveAndFlush(job)).willReturn(job);

        service.cancel(alice, job.getId());

        InOrder order = inOrder(quota, memberships);
        order.verify(quota).refund(PROJECT, new BigDecimal("2.50"), job.getId(), job.getCreatedAt(), "alice");
        order.verify(memberships).refund(PROJECT, alice.id(), job.getCreatedAt(), new BigDecimal("2.50"));
    }

    @Test
    void refundOfAPersonalJobThenTouchesNoMember() {
        GpuJob job = new GpuJob(UUID.randomUUID(), alice.id(), "alice", "train", null, new BigDecimal("1"), NOW);
        given(jobs.findById(job.getId())).willReturn(Optional.of(job));
        given(jobs.saveAndFlush(job)).willReturn(job);

        service.cancel(alice, job.getId());

        then(quota).should().refund(alice.id(), new BigDecimal("1.00"), job.getId(), job.getCreatedAt(), "alice");
        then(memberships).shouldHaveNoInteractions();
    }

    private static GpuJob projectJob(UUID ownerId) {
        GpuJob job = new GpuJob(UUID.randomUUID(), ownerId, "owner", "train", null, new BigDecimal("2.5"),
                NOW.minusSeconds(60));
        job.chargeTo(PROJECT, "vision-lab");
        return job;
    }

    private static ProjectMembership member(ProjectRole role, boolean enabled) {
        return new ProjectMembership(PROJECT, "vision-lab", enabled, role, null, BigDecimal.ZERO);
    }

    private static SubmitJobRequest request(String project) {
        return new SubmitJobRequest("train", new BigDecimal("2.5"), null, null, null, null, project);
    }

    private static AuthenticatedUser user(String name) {
        return new AuthenticatedUser(UUID.randomUUID(), name, Role.USER);
    }
}
