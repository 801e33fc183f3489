package io.gaas.request;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.ArgumentMatchers.isNull;
import static org.mockito.BDDMockito.given;
import static org.mockito.BDDMockito.then;
import static org.mockito.Mockito.inOrder;
import static org.mockito.Mockito.never;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.mockito.ArgumentCaptor;
import org.mockito.InOrder;
import org.mockito.Mock;
import org.mockito.junit.jupiter.MockitoExtension;
import org.springframework.context.ApplicationEventPublisher;

import io.gaas.project.ProjectMembership;
import io.gaas.project.ProjectMemberships;
import io.gaas.project.ProjectRole;
import io.gaas.quota.QuotaService;
import io.gaas.user.AuthenticatedUser;
import io.gaas.user.Role;
import io.gaas.user.UserService;
import io.gaas.web.ApiException;
import io.gaas.web.ErrorCode;
import io.gaas.web.ValidationException;

@ExtendWith(MockitoExtension.class)
class QuotaRequestServiceTests {

    private static final Instant NOW = Instant.parse("2026-12-01T10:15:30.123Z");
    private static final AuthenticatedUser ALICE = new AuthenticatedUser(UUID.randomUUID(), "alice", Role.USER);
    private static final AuthenticatedUser BOB = new AuthenticatedUser(UUID.randomUUID(), "bob", Role.USER);
    private static final AuthenticatedUser ROOT = new AuthenticatedUser(UUID.randomUUID(), "root", Role.ADMIN);
    private static final UUID PROJECT = UUID.randomUUID();

    @Mock
    QuotaRequestRepository requests;

    @Mock
    ProjectMemberships memberships;

    @Mock
    UserService users;

    @Mock
    QuotaService quota;

    @Mock
    ApplicationEventPublisher events;

    // ------------------------------------------------------------------ open

    @Test
    void openWhenBelowTheLimitThenLocksTheRequesterBeforeCountingAndAnnouncesTheOpenRequest() {
        given(requests.countByRequesterIdAndStatus(ALICE.id(), QuotaRequestStatus.OPEN)).willReturn(9L);

        QuotaRequestResponse opened = service().open(ALICE, new CreateTopUpRequest(new BigDecimal("12.5"), "runs", null));

        InOrder order = inOrder(users, requests);
        order.verify(users).lockAccess(ALICE.id());
        order.verify(requests).countByRequesterIdAndStatus(ALICE.id(), QuotaRequestStatus.OPEN);
        order.verify(requests).saveAndFlush(any());
        assertThat(opened.requester()).isEqualTo("alice");
        assertThat(opened.project()).isNull();
        assertThat(opened.hours()).isEqualTo(new BigDecimal("12.50"));
        assertThat(opened.status()).isEqualTo(QuotaRequestStatus.OPEN);
        assertThat(opened.createdAt()).isEqualTo(NOW);
        assertThat(opened.grantedHours()).isNull();
        assertThat(opened.decidedAt()).isNull();
        then(events).should().publishEvent(new QuotaRequestOpened(opened));
    }

    @Test
    void openWhenTenAreOpenThenTooManyOpenRequestsAndNothingSavedOrAnnounced() {
        given(requests.countByRequesterIdAndStatus(ALICE.id(), QuotaRequestStatus.OPEN)).willReturn(10L);

        assertCode(() -> service().open(ALICE, new CreateTopUpRequest(BigDecimal.ONE, "runs", null)),
                ErrorCode.TOO_MANY_OPEN_REQUESTS);

        then(requests).should(never()).saveAndFlush(any());
        then(events).shouldHaveNoInteractions();
    }

    @Test
    void openWhenProjectMemberThenTheRequestIsTheProjectsUnderItsStoredName() {
        given(memberships.of("Vision-Lab", ALICE.id())).willReturn(Optional.of(membership(ProjectRole.MEMBER)));

        QuotaRequestResponse opened = service().open(ALICE, new CreateTopUpRequest(BigDecimal.TEN, "team", "Vision-Lab"));

        assertThat(opened.project().id()).isEqualTo(PROJECT);
        assertThat(opened.project().name()).isEqualTo("vision-lab");
    }

    @Test
    void openWhenNotAMemberOrNotANameThenRefusedOnProjectWithoutTakingTheLock() {
        given(memberships.of("other-lab", ALICE.id())).willReturn(Optional.empty());

        for (String project : new String[] { "other-lab", "a\u0000b", "x" }) {
            assertThatThrownBy(() -> service().open(ALICE, new CreateTopUpRequest(BigDecimal.ONE, "runs", project)))
                .isInstanceOf(ValidationException.class)
                .hasMessage("project: " + QuotaRequestRules.NO_SUCH_PROJECT);
        }
        // A value that cannot be a name is never sent to the database (PostgreSQL refuses NUL).
        then(memberships).should(never()).of(eq("a\u0000b"), any(UUID.class));
        then(users).shouldHaveNoInteractions();
        then(requests).should(never()).saveAndFlush(any());
    }

    // ------------------------------------------------------------------ decide

    @Test
    void decideWhenApprovedWithoutGrantedHoursThenClosesFirstThenTopsUpAllAskedAndAnnounces() {
        QuotaRequest request = request(ALICE, null, "50");
        given(requests.findById(request.getId())).willReturn(Optional.of(request));
        given(requests.close(request.getId(), "APPROVED", new BigDecimal("50.00"), "root", NOW, "ok")).willReturn(1);

        service().decide(ROOT, request.getId(), new DecideTopUpRequest(true, null, "ok"));

        InOrder order = inOrder(requests, quota, events);
        order.verify(requests).close(request.getId(), "APPROVED", new BigDecimal("50.00"), "root", NOW, "ok");
        order.verify(quota).topUp(ALICE.id(), new BigDecimal("50.00"), "ok", "root");
        order.verify(events).publishEvent(any(QuotaRequestDecided.class));
    }

    @Test
    void decideWhenAProjectsRequestIsApprovedInPartThenTheProjectsAccountGetsTheGrantedHours() {
        QuotaRequest request = request(ALICE, PROJECT, "50");
        given(requests.findById(request.getId())).willReturn(Optional.of(request));
        given(requests.close(request.getId(), "APPROVED", new BigDecimal("40.00"), "root", NOW, null)).willReturn(1);

        service().decide(ROOT, request.getId(), new DecideTopUpRequest(true, new BigDecimal("40"), null));

        then(quota).should().topUp(PROJECT, new BigDecimal("40.00"), null, "root");
    }

    @Test
    void decideWhenDeniedThenNoHoursAndGrantedHoursIgnoredEvenIfOutOfRange() {
        QuotaRequest request = request(ALICE, null, "50");
        given(requests.findById(request.getId())).willReturn(Optional.of(request));
        given(requests.close(request.getId(), "DENIED", null, "root", NOW, "no")).willReturn(1);

        service().decide(ROOT, request.getId(), new DecideTopUpRequest(false, new BigDecimal("999"), "no"));

        then(quota).shouldHaveNoInteractions();
        then(events).should().publishEvent(any(QuotaRequestDecided.class));
    }

    @Test
    void decideWhenGrantedHoursAboveTheAskedThenRefusedBeforeAnythingChanges() {
        QuotaRequest request = request(ALICE, null, "50");
        given(requests.findById(request.getId())).willReturn(Optional.of(request));

        assertThatThrownBy(() -> service().decide(ROOT, request.getId(),
                new DecideTopUpRequest(true, new BigDecimal("50.01"), null))).isInstanceOf(ValidationException.class);

        then(requests).should(never()).close(any(), anyString(), any(), anyString(), any(), any());
        then(quota).shouldHaveNoInteractions();
        then(events).shouldHaveNoInteractions();
    }

    @Test
    void decideWhenAnotherDecisionWonMeanwhileThenAlreadyDecidedAndNoHours() {
        QuotaRequest request = request(ALICE, null, "50");
        given(requests.findById(request.getId())).willReturn(Optional.of(request));
        given(requests.close(any(), anyString(), any(), anyString(), any(), isNull())).willReturn(0);

        assertCode(() -> service().decide(ROOT, request.getId(), new DecideTopUpRequest(true, null, null)),
                ErrorCode.ALREADY_DECIDED);

        then(quota).shouldHaveNoInteractions();
        then(events).shouldHaveNoInteractions();
    }

    @Test
    void decideWhenUnknownThenNotFound() {
        UUID id = UUID.randomUUID();
        given(requests.findById(id)).willReturn(Optional.empty());

        assertCode(() -> service().decide(ROOT, id, new DecideTopUpRequest(true, null, null)), ErrorCode.NOT_FOUND);
    }

    // ------------------------------------------------------------------ visibility and withdrawal

    @Test
    void getWhenNeitherRequesterNorManagerNorAdminThenNotFound() {
        QuotaRequest request = request(ALICE, PROJECT, "5");
        given(requests.findById(request.getId())).willReturn(Optional.of(request));
        given(memberships.of(PROJECT, BOB.id())).willReturn(Optional.of(membership(ProjectRole.MEMBER)));

        assertCode(() -> service().get(BOB, request.getId()), ErrorCode.NOT_FOUND);
    }

    @Test
    void getWhenManagerOfTheRequestsProjectThenVisible() {
        QuotaRequest request = request(ALICE, PROJECT, "5");
        given(requests.findById(request.getId())).willReturn(Optional.of(request));
        given(memberships.of(PROJECT, BOB.id())).willReturn(Optional.of(membership(ProjectRole.MANAGER)));

        assertThat(service().get(BOB, request.getId()).id()).isEqualTo(request.getId());
    }

    @Test
    void withdrawWhenAdminOrManagerThenForbiddenAndNothingClosed() {
        QuotaRequest request = request(ALICE, PROJECT, "5");
        given(requests.findById(request.getId())).willReturn(Optional.of(request));
        given(memberships.of(PROJECT, BOB.id())).willReturn(Optional.of(membership(ProjectRole.MANAGER)));

        assertCode(() -> service().withdraw(ROOT, request.getId()), ErrorCode.FORBIDDEN);
        assertCode(() -> service().withdraw(BOB, request.getId()), ErrorCode.FORBIDDEN);

        then(requests).should(never()).close(any(), anyString(), any(), anyString(), any(), any());
    }

    @Test
    void withdrawWhenRequesterThenClosedAsWithdrawnByThemWithoutHoursOrEvent() {
        QuotaRequest request = request(ALICE, null, "5");
        given(requests.findById(request.getId())).willReturn(Optional.of(request));
        given(requests.close(request.getId(), "WITHDRAWN", null, "alice", NOW, null)).willReturn(1);

        service().withdraw(ALICE, request.getId());

        then(requests).should().close(request.getId(), "WITHDRAWN", null, "alice", NOW, null);
        then(quota).shouldHaveNoInteractions();
        then(events).shouldHaveNoInteractions();
    }

    @Test
    void listWhenUserThenRestrictedAndWhenAdminThenNot() {
        ArgumentCaptor<org.springframework.data.jpa.domain.Specification<QuotaRequest>> filter = ArgumentCaptor.captor();
        given(requests.findAll(filter.capture(), any(org.springframework.data.domain.Pageable.class)))
            .willReturn(org.springframework.data.domain.Page.empty());

        service().list(ROOT, null, org.springframework.data.domain.PageRequest.of(0, 20));
        then(memberships).shouldHaveNoInteractions();
        service().list(ALICE, "OPEN", org.springframework.data.domain.PageRequest.of(0, 20));
        then(memberships).should().managedBy(ALICE.id());
        assertThatThrownBy(() -> service().list(ALICE, "open", org.springframework.data.domain.PageRequest.of(0, 20)))
            .isInstanceOf(ValidationException.class);
    }

    private QuotaRequestService service() {
        return new QuotaRequestService(requests, memberships, users, quota, events, Clock.fixed(NOW, ZoneOffset.UTC));
    }

    private static QuotaRequest request(AuthenticatedUser requester, UUID projectId, String hours) {
        return new QuotaRequest(requester.id(), requester.username(), projectId, projectId == null ? null : "vision-lab",
                new BigDecimal(hours).setScale(2), "because", NOW.minusSeconds(60));
    }

    private static ProjectMembership membership(ProjectRole role) {
        return new ProjectMembership(PROJECT, "vision-lab", true, role, null, BigDecimal.ZERO);
    }

    private static void assertCode(Runnable call, ErrorCode code) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(ApiException.class,
                refused -> assertThat(refused.code()).isEqualTo(code));
    }
}
