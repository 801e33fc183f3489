package io.gaas.project;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.BDDMockito.given;
import static org.mockito.BDDMockito.then;
import static org.mockito.Mockito.never;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.mockito.ArgumentCaptor;
import org.mockito.Mock;
import org.mockito.junit.jupiter.MockitoExtension;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.data.domain.Pageable;

import io.gaas.quota.AccountSummary;
import io.gaas.quota.AccountType;
import io.gaas.quota.AdjustQuotaRequest;
import io.gaas.quota.QuotaService;
import io.gaas.user.AuthenticatedUser;
import io.gaas.user.Role;
import io.gaas.web.ApiException;
import io.gaas.web.ErrorCode;
import io.gaas.web.FieldError;
import io.gaas.web.ValidationException;

@ExtendWith(MockitoExtension.class)
class ProjectServiceTests {

    private static final Instant NOW = Instant.parse("2026-12-01T10:15:30.123Z");
    private static final UUID PROJECT = UUID.randomUUID();
    private static final AuthenticatedUser ADMIN = new AuthenticatedUser(UUID.randomUUID(), "root", Role.ADMIN);
    private static final AuthenticatedUser ALICE = new AuthenticatedUser(UUID.randomUUID(), "alice", Role.USER);

    @Mock
    ProjectRepository projects;

    @Mock
    ProjectQueries queries;

    @Mock
    QuotaService quota;

    ProjectService service() {
        return new ProjectService(projects, queries, quota, Clock.fixed(NOW, ZoneOffset.UTC));
    }

    @Test
    void createThenOpensTheProjectsAccountWithTheGrantByTheAdminAndStoresTheNameLowerCased() {
        given(projects.existsByName("vision-lab")).willReturn(false);
        given(queries.find(any(), any())).willAnswer(call -> Optional.of(
                new ProjectRow(call.getArgument(0), "vision-lab", null, true, NOW, null)));
        given(quota.summaryOf(any())).willAnswer(call -> summary(call.getArgument(0), "7.50"));

        ProjectResponse created = service().create(ADMIN,
                new CreateProjectRequest("Vision-Lab", null, new BigDecimal("7.5")));

        var saved = ArgumentCaptor.forClass(Project.class);
        then(projects).should().saveAndFlush(saved.capture());
        assertThat(saved.getValue().getName()).isEqualTo("vision-lab");
        assertThat(saved.getValue().getCreatedAt()).isEqualTo(NOW);
        then(quota).should().openAccount(saved.getValue().getId(), AccountType.PROJECT, "root", new BigDecimal("7.5"));
        assertThat(created.id()).isEqualTo(saved.getValue().getId());
        assertThat(created.quotaHours()).isEqualByComparingTo("7.5");
        assertThat(created.myRole()).isNull();
    }

    @Test
    void createWithoutInitialHoursThenOpensTheAccountWithZero() {
        given(queries.find(any(), any())).willAnswer(call -> Optional.of(
                new ProjectRow(call.getArgument(0), "lab", null, true, NOW, null)));
        given(quota.summaryOf(any())).willAnswer(call -> summary(call.getArgument(0), "0"));

        service().create(ADMIN, new CreateProjectRequest("lab", null, null));

        then(quota).should().openAccount(any(), any(), any(), org.mockito.ArgumentMatchers.eq(BigDecimal.ZERO));
    }

    @Test
    void createWhenTheNameIsTakenThen409AndNoAccountIsOpened() {
        given(projects.existsByName("vision-lab")).willReturn(true);

        assertCode(() -> service().create(ADMIN, new CreateProjectRequest("VISION-LAB", null, null)),
                ErrorCode.PROJECT_NAME_TAKEN);

        then(quota).shouldHaveNoInteractions();
        then(projects).should(never()).saveAndFlush(any());
    }

    @Test
    void createWhenAConcurrentCreateTakesTheNameThen409() {
        given(projects.saveAndFlush(any())).willThrow(new DataIntegrityViolationException("uq_projects_name"));

        assertCode(() -> service().create(ADMIN, new CreateProjectRequest("lab", null, null)),
                ErrorCode.PROJECT_NAME_TAKEN);
    }

    @Test
    void createWhenTheNameBreaksTheRuleThen400OnName() {
        assertThatThrownBy(() -> service().create(ADMIN, new CreateProjectRequest("a", null, null)))
            .isInstanceOfSatisfying(ValidationException.class, problem -> assertThat(problem.properties().get("errors"))
                .asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.LIST)
                .extracting(error -> ((FieldError) error).field())
                .containsExactly("name"));
        then(quota).shouldHaveNoInteractions();
    }

    @Test
    void updateWhenLowBalanceHoursIsRefusedThenNothingIsWritten() {
        Project project = new Project(PROJECT, "lab", "old", NOW);
        given(projects.findForUpdateById(PROJECT)).willReturn(Optional.of(project));
        UpdateProjectRequest request = new UpdateProjectRequest();
        request.setDescription("new");
        request.setLowBalanceHours(new BigDecimal("1.005"));

        assertCode(() -> service().update(ADMIN, PROJECT, request), ErrorCode.VALIDATION_FAILED);

        assertThat(project.getDescription()).isEqualTo("old");
        then(projects).should(never()).saveAndFlush(any());
        then(quota).shouldHaveNoInteractions();
    }

    @Test
    void updateWhenLowBalanceHoursIsSentAsNullThenTheThresholdGoesBackToTheDefault() {
        Project project = new Project(PROJECT, "lab", "old", NOW);
        given(projects.findForUpdateById(PROJECT)).willReturn(Optional.of(project));
        given(queries.find(PROJECT, ADMIN.id())).willReturn(Optional.of(new ProjectRow(PROJECT, "lab", "old", true, NOW,
                null)));
        given(quota.summaryOf(PROJECT)).willReturn(summary(PROJECT, "1"));
        UpdateProjectRequest request = new UpdateProjectRequest();
        request.setLowBalanceHours(null);

        service().update(ADMIN, PROJECT, request);

        then(quota).should().setLowBalanceHours(PROJECT, null);
        assertThat(project.getDescription()).isEqualTo("old");
        assertThat(project.isEnabled()).isTrue();
    }

    @Test
    void updateWhenLowBalanceHoursIsAbsentThenTheThresholdIsNotTouched() {
        Project project = new Project(PROJECT, "lab", "old", NOW);
        given(projects.findForUpdateById(PROJECT)).willReturn(Optional.of(project));
        given(queries.find(PROJECT, ADMIN.id())).willReturn(Optional.of(new ProjectRow(PROJECT, "lab", null, false, NOW,
                null)));
        given(quota.summaryOf(PROJECT)).willReturn(summary(PROJECT, "1"));
        UpdateProjectRequest request = new UpdateProjectRequest();
        request.setEnabled(false);
        request.setDescription(null);

        service().update(ADMIN, PROJECT, request);

        then(quota).should(never()).setLowBalanceHours(any(), any());
        assertThat(project.isEnabled()).isFalse();
        assertThat(project.getDescription()).isNull();
    }

    @Test
    void adjustQuotaWhenTheIdIsNotAProjectsThen404AndNoHoursMove() {
        given(projects.findById(PROJECT)).willReturn(Optional.empty());

        assertCode(() -> service().adjustQuota(ADMIN, PROJECT, new AdjustQuotaRequest(BigDecimal.TEN, null)),
                ErrorCode.NOT_FOUND);

        then(quota).shouldHaveNoInteractions();
    }

    @Test
    void adjustQuotaThenWrittenByTheAdmin() {
        given(projects.findById(PROJECT)).willReturn(Optional.of(new Project(PROJECT, "lab", null, NOW)));
        given(queries.find(PROJECT, ADMIN.id())).willReturn(Optional.of(new ProjectRow(PROJECT, "lab", null, true, NOW,
                null)));
        given(quota.summaryOf(PROJECT)).willReturn(summary(PROJECT, "15"));

        ProjectResponse adjusted = service().adjustQuota(ADMIN, PROJECT,
                new AdjustQuotaRequest(new BigDecimal("5"), "grant"));

        then(quota).should().adjust(PROJECT, new BigDecimal("5"), "grant", "root");
        assertThat(adjusted.quotaHours()).isEqualByComparingTo("15");
    }

    @Test
    void viewWhenAUserIsNoMemberThen404AndTheAccountIsNotRead() {
        given(queries.find(PROJECT, ALICE.id())).willReturn(Optional.of(new ProjectRow(PROJECT, "lab", null, true, NOW,
                null)));

        assertCode(() -> service().view(ALICE, PROJECT), ErrorCode.NOT_FOUND);
        assertCode(() -> service().ledger(ALICE, PROJECT, 0, 20), ErrorCode.NOT_FOUND);

        then(quota).shouldHaveNoInteractions();
    }

    @Test
    void viewWhenAMemberThenTheirRole() {
        given(queries.find(PROJECT, ALICE.id())).willReturn(Optional.of(new ProjectRow(PROJECT, "lab", null, true, NOW,
                ProjectRole.MANAGER)));
        given(quota.summaryOf(PROJECT)).willReturn(summary(PROJECT, "3"));

        assertThat(service().view(ALICE, PROJECT).myRole()).isEqualTo(ProjectRole.MANAGER);
    }

    @Test
    void listWhenUserThenOnlyTheirProjectsAndOneAccountReadForThePage() {
        UUID other = UUID.randomUUID();
        List<ProjectRow> rows = List.of(new ProjectRow(PROJECT, "a", null, true, NOW, ProjectRole.MEMBER),
                new ProjectRow(other, "b", null, true, NOW, ProjectRole.MANAGER));
        given(queries.ofMember(org.mockito.ArgumentMatchers.eq(ALICE.id()), any(Pageable.class))).willReturn(rows);
        given(queries.countOfMember(ALICE.id())).willReturn(2L);
        given(quota.summariesOf(List.of(PROJECT, other)))
            .willReturn(Map.of(PROJECT, summary(PROJECT, "1"), other, summary(other, "2")));

        var page = service().list(ALICE, 0, 20);

        assertThat(page.content()).extracting(ProjectResponse::quotaHours)
            .containsExactly(new BigDecimal("1"), new BigDecimal("2"));
        then(queries).should(never()).all(any(), any());
        then(quota).should(never()).summaryOf(any());
    }

    @Test
    void listWhenAdminThenEveryProject() {
        given(queries.all(org.mockito.ArgumentMatchers.eq(ADMIN.id()), any(Pageable.class))).willReturn(List.of());
        given(queries.countAll()).willReturn(0L);
        given(quota.summariesOf(List.of())).willReturn(Map.of());

        assertThat(service().list(ADMIN, 0, 20).content()).isEmpty();

        then(queries).should(never()).ofMember(any(), any());
    }

    private static AccountSummary summary(UUID id, String balance) {
        return new AccountSummary(id, AccountType.PROJECT, new BigDecimal(balance), null, null);
    }

    private static void assertCode(org.assertj.core.api.ThrowableAssert.ThrowingCallable call, ErrorCode code) {
        assertThatThrownBy(call).isInstanceOfSatisfying(ApiException.class,
                problem -> assertThat(problem.code()).isEqualTo(code));
    }
}
