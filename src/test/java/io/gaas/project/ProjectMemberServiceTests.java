package io.gaas.project;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.BDDMockito.given;
import static org.mockito.BDDMockito.then;
import static org.mockito.Mockito.never;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.mockito.Mock;
import org.mockito.junit.jupiter.MockitoExtension;
import org.springframework.dao.DuplicateKeyException;

import io.gaas.user.AuthenticatedUser;
import io.gaas.user.Role;
import io.gaas.user.User;
import io.gaas.user.UserService;
import io.gaas.web.ApiException;
import io.gaas.web.ErrorCode;

/** Who may do what to a project's members, decided before anything is written. */
@ExtendWith(MockitoExtension.class)
class ProjectMemberServiceTests {

    private static final Instant NOW = Instant.parse("2026-12-01T10:15:30.123Z");
    private static final UUID PROJECT = UUID.randomUUID();

    private static final AuthenticatedUser ADMIN = new AuthenticatedUser(UUID.randomUUID(), "root", Role.ADMIN);
    private static final AuthenticatedUser CALLER = new AuthenticatedUser(UUID.randomUUID(), "carol", Role.USER);

    private static final User BOB = new User("bob", "{x}hash", Role.USER, NOW);

    @Mock
    ProjectQueries queries;

    @Mock
    UserService users;

    ProjectMemberService service() {
        return new ProjectMemberService(queries, users, Clock.fixed(NOW, ZoneOffset.UTC));
    }

    @Test
    void putWhenCallerIsNotAMemberThen404AndTheUserIsNotEvenLookedUp() {
        callerIs(null);

        assertCode(() -> service().put(CALLER, PROJECT, "bob", member(null)), ErrorCode.NOT_FOUND);

        then(users).shouldHaveNoInteractions();
        then(queries).should(never()).insertMember(any(), any(), any(), any(), any());
    }

    @Test
    void putWhenTheProjectDoesNotExistThen404EvenForAnAdmin() {
        given(queries.find(PROJECT, ADMIN.id())).willReturn(Optional.empty());

        assertCode(() -> service().put(ADMIN, PROJECT, "bob", member(null)), ErrorCode.NOT_FOUND);

        then(queries).should(never()).insertMember(any(), any(), any(), any(), any());
    }

    @Test
    void putWhenCallerIsAPlainMemberThen403() {
        callerIs(ProjectRole.MEMBER);

        assertCode(() -> service().put(CALLER, PROJECT, "bob", member(null)), ErrorCode.FORBIDDEN);

        then(queries).should(never()).insertMember(any(), any(), any(), any(), any());
        then(queries).should(never()).updateMember(any(), any(), any(), any());
    }

    @Test
    void putWhenAManagerGrantsManagerThen403AndNothingIsWritten() {
        callerIs(ProjectRole.MANAGER);
        given(users.findByUsername("bob")).willReturn(Optional.of(BOB));

        assertCode(() -> service().put(CALLER, PROJECT, "bob", new PutMemberRequest("MANAGER", null)),
                ErrorCode.FORBIDDEN);

        then(queries).should(never()).insertMember(any(), any(), any(), any(), any());
    }

    @Test
    void putWhenAManagerChangesAManagerThen403AndTheRowIsNotUpdated() {
        callerIs(ProjectRole.MANAGER);
        given(users.findByUsername("bob")).willReturn(Optional.of(BOB));
        given(queries.insertMember(PROJECT, BOB.getId(), ProjectRole.MEMBER, null, NOW)).willReturn(false);
        given(queries.lockMember(PROJECT, BOB.getId()))
            .willReturn(Optional.of(new ProjectQueries.MemberState(ProjectRole.MANAGER)));

        assertCode(() -> service().put(CALLER, PROJECT, "bob", member(null)), ErrorCode.FORBIDDEN);

        then(queries).should(never()).updateMember(any(), any(), any(), any());
    }

    @Test
    void putWhenAManagerAddsAPlainMemberThenAddedWithTheExactCap() {
        callerIs(ProjectRole.MANAGER);
        given(users.findByUsername("bob")).willReturn(Optional.of(BOB));
        given(queries.insertMember(PROJECT, BOB.getId(), ProjectRole.MEMBER, new BigDecimal("2.50"), NOW))
            .willReturn(true);
        given(queries.member(PROJECT, BOB.getId())).willReturn(Optional.of(view(ProjectRole.MEMBER)));

        ProjectMemberService.MemberChange change = service().put(CALLER, PROJECT, "bob", member("2.5"));

        assertThat(change.added()).isTrue();
        assertThat(change.member().username()).isEqualTo("bob");
        then(queries).should(never()).updateMember(any(), any(), any(), any());
    }

    @Test
    void putWhenAManagerChangesAPlainMemberThenUpdatedAndNotAdded() {
        callerIs(ProjectRole.MANAGER);
        given(users.findByUsername("bob")).willReturn(Optional.of(BOB));
        given(queries.insertMember(PROJECT, BOB.getId(), ProjectRole.MEMBER, null, NOW)).willReturn(false);
        given(queries.lockMember(PROJECT, BOB.getId()))
            .willReturn(Optional.of(new ProjectQueries.MemberState(ProjectRole.MEMBER)));
        given(queries.member(PROJECT, BOB.getId())).willReturn(Optional.of(view(ProjectRole.MEMBER)));

        ProjectMemberService.MemberChange change = service().put(CALLER, PROJECT, "bob", member(null));

        assertThat(change.added()).isFalse();
        then(queries).should().updateMember(PROJECT, BOB.getId(), ProjectRole.MEMBER, null);
    }

    @Test
    void putWhenAnAdminWhoIsNoMemberDemotesAManagerThenUpdated() {
        given(queries.find(PROJECT, ADMIN.id())).willReturn(Optional.of(project(null)));
        given(users.findByUsername("bob")).willReturn(Optional.of(BOB));
        given(queries.insertMember(PROJECT, BOB.getId(), ProjectRole.MEMBER, null, NOW)).willReturn(false);
        given(queries.lockMember(PROJECT, BOB.getId()))
            .willReturn(Optional.of(new ProjectQueries.MemberState(ProjectRole.MANAGER)));
        given(queries.member(PROJECT, BOB.getId())).willReturn(Optional.of(view(ProjectRole.MEMBER)));

        assertThat(service().put(ADMIN, PROJECT, "bob", member(null)).added()).isFalse();

        then(queries).should().updateMember(PROJECT, BOB.getId(), ProjectRole.MEMBER, null);
    }

    @Test
    void putWhenAConcurrentInsertWinsOnH2ThenTheMemberIsChangedInstead() {
        callerIs(ProjectRole.MANAGER);
        given(users.findByUsername("bob")).willReturn(Optional.of(BOB));
        given(queries.insertMember(PROJECT, BOB.getId(), ProjectRole.MEMBER, null, NOW))
            .willThrow(new DuplicateKeyException("taken"));
        given(queries.lockMember(PROJECT, BOB.getId()))
            .willReturn(Optional.of(new ProjectQueries.MemberState(ProjectRole.MEMBER)));
        given(queries.member(PROJECT, BOB.getId())).willReturn(Optional.of(view(ProjectRole.MEMBER)));

        assertThat(service().put(CALLER, PROJECT, "bob", member(null)).added()).isFalse();

        then(queries).should().updateMember(PROJECT, BOB.getId(), ProjectRole.MEMBER, null);
    }

    @Test
    void putWhenTheMemberIsRemovedBetweenTheInsertAndTheLockThenAddedAgain() {
        given(queries.find(PROJECT, ADMIN.id())).willReturn(Optional.of(project(null)));
        given(users.findByUsername("bob")).willReturn(Optional.of(BOB));
        given(queries.insertMember(PROJECT, BOB.getId(), ProjectRole.MEMBER, null, NOW)).willReturn(false, true);
        given(queries.lockMember(PROJECT, BOB.getId())).willReturn(Optional.empty());
        given(queries.member(PROJECT, BOB.getId())).willReturn(Optional.of(view(ProjectRole.MEMBER)));

        assertThat(service().put(ADMIN, PROJECT, "bob", member(null)).added()).isTrue();

        then(queries).should(never()).updateMember(any(), any(), any(), any());
    }

    @ParameterizedTest
    @ValueSource(strings = { "", "ab", "no such", "a\u0000b", "x_________________________________" })
    void putWhenTheUsernameCannotExistThen404WithoutAskingForIt(String username) {
        callerIs(ProjectRole.MANAGER);

        assertCode(() -> service().put(CALLER, PROJECT, username, member(null)), ErrorCode.NOT_FOUND);

        then(users).shouldHaveNoInteractions();
    }

    @Test
    void putWhenTheUserIsUnknownThen404() {
        callerIs(ProjectRole.MANAGER);
        given(users.findByUsername(anyString())).willReturn(Optional.empty());

        assertCode(() -> service().put(CALLER, PROJECT, "ghost", member(null)), ErrorCode.NOT_FOUND);

        then(queries).should(never()).insertMember(any(), any(), any(), any(), any());
    }

    @Test
    void removeWhenAManagerRemovesAManagerThen403AndNothingIsDeleted() {
        callerIs(ProjectRole.MANAGER);
        given(users.findByUsername("bob")).willReturn(Optional.of(BOB));
        given(queries.lockMember(PROJECT, BOB.getId()))
            .willReturn(Optional.of(new ProjectQueries.MemberState(ProjectRole.MANAGER)));

        assertCode(() -> service().remove(CALLER, PROJECT, "bob"), ErrorCode.FORBIDDEN);

        then(queries).should(never()).deleteMember(any(), any());
    }

    @Test
    void removeWhenAManagerRemovesAPlainMemberThenDeleted() {
        callerIs(ProjectRole.MANAGER);
        given(users.findByUsername("bob")).willReturn(Optional.of(BOB));
        given(queries.lockMember(PROJECT, BOB.getId()))
            .willReturn(Optional.of(new ProjectQueries.MemberState(ProjectRole.MEMBER)));

        service().remove(CALLER, PROJECT, "bob");

        then(queries).should().deleteMember(PROJECT, BOB.getId());
    }

    @Test
    void removeWhenAnAdminRemovesAManagerThenDeleted() {
        given(queries.find(PROJECT, ADMIN.id())).willReturn(Optional.of(project(null)));
        given(users.findByUsername("bob")).willReturn(Optional.of(BOB));
        given(queries.lockMember(PROJECT, BOB.getId()))
            .willReturn(Optional.of(new ProjectQueries.MemberState(ProjectRole.MANAGER)));

        service().remove(ADMIN, PROJECT, "bob");

        then(queries).should().deleteMember(PROJECT, BOB.getId());
    }

    @Test
    void removeWhenTheUserIsNotAMemberThen404() {
        callerIs(ProjectRole.MANAGER);
        given(users.findByUsername("bob")).willReturn(Optional.of(BOB));
        given(queries.lockMember(PROJECT, BOB.getId())).willReturn(Optional.empty());

        assertCode(() -> service().remove(CALLER, PROJECT, "bob"), ErrorCode.NOT_FOUND);

        then(queries).should(never()).deleteMember(any(), any());
    }

    @Test
    void removeWhenCallerIsAPlainMemberThen403EvenForThemselves() {
        callerIs(ProjectRole.MEMBER);

        assertCode(() -> service().remove(CALLER, PROJECT, CALLER.username()), ErrorCode.FORBIDDEN);

        then(queries).should(never()).deleteMember(any(), any());
    }

    @Test
    void listWhenCallerIsNotAMemberThen404AndWhenAPlainMemberThenListed() {
        callerIs(null);
        assertCode(() -> service().list(CALLER, PROJECT, 0, 20), ErrorCode.NOT_FOUND);
        then(queries).should(never()).members(any(), any());

        callerIs(ProjectRole.MEMBER);
        given(queries.countMembers(PROJECT)).willReturn(1L);
        given(queries.members(any(), any())).willReturn(java.util.List.of(view(ProjectRole.MEMBER)));

        assertThat(service().list(CALLER, PROJECT, 0, 20).content()).hasSize(1);
    }

    private void callerIs(ProjectRole role) {
        given(queries.find(PROJECT, CALLER.id())).willReturn(Optional.of(project(role)));
    }

    private static ProjectRow project(ProjectRole callerRole) {
        return new ProjectRow(PROJECT, "vision-lab", null, true, NOW, callerRole);
    }

    private static PutMemberRequest member(String capHours) {
        return new PutMemberRequest("MEMBER", capHours == null ? null : new BigDecimal(capHours));
    }

    private static ProjectMemberResponse view(ProjectRole role) {
        return new ProjectMemberResponse("bob", role, null, BigDecimal.ZERO, NOW);
    }

    private static void assertCode(org.assertj.core.api.ThrowableAssert.ThrowingCallable call, ErrorCode code) {
        assertThatThrownBy(call).isInstanceOfSatisfying(ApiException.class,
                problem -> assertThat(problem.code()).isEqualTo(code));
    }
}
