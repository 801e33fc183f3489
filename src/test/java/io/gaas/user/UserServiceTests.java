package io.gaas.user;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.BDDMockito.given;
import static org.mockito.BDDMockito.then;
import static org.mockito.Mockito.inOrder;
import static org.mockito.Mockito.never;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.mockito.ArgumentCaptor;
import org.mockito.InOrder;
import org.mockito.Mock;
import org.mockito.junit.jupiter.MockitoExtension;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.security.crypto.password.PasswordEncoder;

import io.gaas.quota.AccountSummary;
import io.gaas.quota.AccountType;
import io.gaas.quota.QuotaService;
import io.gaas.web.ErrorCode;
import io.gaas.web.ValidationException;

@ExtendWith(MockitoExtension.class)
class UserServiceTests {

    private static final Instant NOW = Instant.parse("2026-11-27T10:15:30Z");
    private static final String ADDRESS = "203.0.113.7";

    @Mock
    UserRepository users;

    @Mock
    QuotaService quota;

    @Mock
    PasswordEncoder passwordEncoder;

    @Mock
    UserQueries queries;

    @Mock
    ApplicationEventPublisher events;

    @Mock
    RegistrationThrottle registrations;

    UserService service;

    @BeforeEach
    void setUp() {
        service = new UserService(users, queries, quota, passwordEncoder, Clock.fixed(NOW, ZoneOffset.UTC), events,
                registrations, new RegistrationProperties(RegistrationProperties.Mode.OPEN, 20));
    }

    // --- registration

    @Test
    void registerWhenUsernameFreeThenSavesUserWithHashAndOpensAccount() {
        given(users.existsByUsername("alice")).willReturn(false);
        given(passwordEncoder.encode("correct horse battery")).willReturn("{hash}x");
        given(quota.balanceOf(any())).willReturn(new BigDecimal("10.00"));

        UserResponse response = service.register("Alice", "correct horse battery", ADDRESS);

        var saved = ArgumentCaptor.forClass(User.class);
        InOrder order = inOrder(users, quota);
        order.verify(users).saveAndFlush(saved.capture());
        order.verify(quota).openAccount(saved.getValue().getId(), "alice");
        then(registrations).should().record(ADDRESS, NOW);
        assertThat(saved.getValue().getUsername()).isEqualTo("alice");
        assertThat(saved.getValue().getPasswordHash()).isEqualTo("{hash}x");
        assertThat(saved.getValue().getRole()).isEqualTo(Role.USER);
        assertThat(saved.getValue().isEnabled()).isTrue();
        assertThat(response.username()).isEqualTo("alice");
        assertThat(response.role()).isEqualTo(Role.USER);
        assertThat(response.quotaHours()).isEqualTo(new BigDecimal("10.00"));
        assertThat(response.createdAt()).isEqualTo(NOW);
    }

    @Test
    void registerWhenUsernameTakenInAnyCaseThenUsernameTakenAndNothingSaved() {
        given(users.existsByUsername("alice")).willReturn(true);

        assertThatThrownBy(() -> service.register("ALICE", "correct horse battery", ADDRESS))
            .isInstanceOfSatisfying(UsernameTakenException.class,
                    ex -> assertThat(ex.code()).isEqualTo(ErrorCode.USERNAME_TAKEN));
        then(users).should(never()).saveAndFlush(any());
        then(quota).shouldHaveNoInteractions();
    }

    @Test
    void registerWhenConcurrentRegistrationWinsTheUniqueKeyThenUsernameTakenAndNoAccount() {
        given(users.existsByUsername("alice")).willReturn(false);
        given(users.saveAndFlush(any())).willThrow(new DataIntegrityViolationException("duplicate"));

        assertThatThrownBy(() -> service.register("alice", "correct horse battery", ADDRESS))
            .isInstanceOf(UsernameTakenException.class);
        then(quota).shouldHaveNoInteractions();
    }

    @Test
    void registerWhenClosedThenRegistrationClosedAndNothingSaved() {
        service = new UserService(users, queries, quota, passwordEncoder, Clock.fixed(NOW, ZoneOffset.UTC), events,
                registrations, new RegistrationProperties(RegistrationProperties.Mode.CLOSED, 20));

        assertThatThrownBy(() -> service.register("alice", "correct horse battery", ADDRESS))
            .isInstanceOfSatisfying(RegistrationClosedException.class,
                    ex -> assertThat(ex.code()).isEqualTo(ErrorCode.REGISTRATION_CLOSED));
        then(users).shouldHaveNoInteractions();
        then(registrations).shouldHaveNoInteractions();
    }

    @ParameterizedTest
    @ValueSource(strings = { "system", "SYSTEM", "System" })
    void registerWhenUsernameIsReservedThenValidationFailedOnUsername(String username) {
        assertThatThrownBy(() -> service.register(username, "correct horse battery", ADDRESS))
            .isInstanceOfSatisfying(ValidationException.class,
                    ex -> assertThat(ex.code()).isEqualTo(ErrorCode.VALIDATION_FAILED));
        then(users).shouldHaveNoInteractions();
    }

    @Test
    void registerWhenAddressUsedItsHourlyAllowanceThenTooManyRequestsUntilTheOldestLeavesTheHour() {
        List<Instant> twenty = new java.util.ArrayList<>();
        for (int i = 0; i < 20; i++) {
            twenty.add(NOW.minusSeconds(3000 - i));
        }
        given(registrations.registrationsAfter(ADDRESS, NOW.minusSeconds(3600))).willReturn(twenty);

        assertThatThrownBy(() -> service.register("alice", "correct horse battery", ADDRESS))
            .isInstanceOfSatisfying(TooManyRegistrationsException.class,
                    ex -> assertThat(ex.retryAfterSeconds()).isEqualTo(600));
        then(users).shouldHaveNoInteractions();
        then(registrations).should(never()).record(any(), any());
    }

    // --- last admin rule

    @Test
    void updateWhenDemotingTheOnlyEnabledAdminThenLastAdminAndNothingChanges() {
        User root = UserFixtures.admin("root");
        given(users.lockEnabledAdmins()).willReturn(List.of(root));
        given(users.findForUpdateById(root.getId())).willReturn(Optional.of(root));

        assertThatThrownBy(() -> service.update(root.getId(), UpdateUserRequest.of("USER", null, null)))
            .isInstanceOfSatisfying(LastAdminException.class, ex -> assertThat(ex.code()).isEqualTo(ErrorCode.LAST_ADMIN));
        assertThat(root.getRole()).isEqualTo(Role.ADMIN);
        then(users).should(never()).saveAndFlush(any());
    }

    @Test
    void updateWhenDisablingTheOnlyEnabledAdminThenLastAdminAndTokensKept() {
        User root = UserFixtures.admin("root");
        given(users.lockEnabledAdmins()).willReturn(List.of(root));
        given(users.findForUpdateById(root.getId())).willReturn(Optional.of(root));

        assertThatThrownBy(() -> service.update(root.getId(), UpdateUserRequest.of(null, false, null)))
            .isInstanceOf(LastAdminException.class);
        assertThat(root.isEnabled()).isTrue();
        then(users).should(never()).incrementTokenVersion(any());
    }

    @Test
    void viewWhenUserUnknownThenUserNotFound() {
        UUID unknown = UUID.randomUUID();
        given(queries.findView(unknown)).willReturn(Optional.empty());

        assertThatThrownBy(() -> service.view(unknown)).isInstanceOf(UserNotFoundException.class);
    }

    @Test
    void updateWhenAnotherEnabledAdminExistsThenDemotionAllowed() {
        User root = UserFixtures.admin("root");
        User other = UserFixtures.admin("other");
        given(users.lockEnabledAdmins()).willReturn(List.of(other, root));
        given(users.findForUpdateById(root.getId())).willReturn(Optional.of(root));
        given(quota.summaryOf(root.getId())).willReturn(account(root));

        UserResponse response = service.update(root.getId(), UpdateUserRequest.of("USER", null, null));

        assertThat(response.role()).isEqualTo(Role.USER);
        then(users).should().saveAndFlush(root);
        then(users).should(never()).incrementTokenVersion(any());
    }

    @Test
    void updateWhenDisablingAdminWhileAnotherIsEnabledThenAllowedAndTokensRevoked() {
        User root = UserFixtures.admin("root");
        User other = UserFixtures.admin("other");
        given(users.lockEnabledAdmins()).willReturn(List.of(root, other));
        given(users.findForUpdateById(root.getId())).willReturn(Optional.of(root));
        given(quota.summaryOf(root.getId())).willReturn(account(root));

        UserResponse response = service.update(root.getId(), UpdateUserRequest.of(null, false, null));

        assertThat(response.enabled()).isFalse();
        then(users).should().incrementTokenVersion(root.getId());
    }

    @Test
    void updateWhenPromotingAUserThenAdminsAreNotLocked() {
        User bob = UserFixtures.user("bob");
        given(users.findForUpdateById(bob.getId())).willReturn(Optional.of(bob));
        given(quota.summaryOf(bob.getId())).willReturn(account(bob));

        UserResponse response = service.update(bob.getId(), UpdateUserRequest.of("ADMIN", null, null));

        assertThat(response.role()).isEqualTo(Role.ADMIN);
        then(users).should(never()).lockEnabledAdmins();
    }

    // --- enabling and disabling

    @Test
    void updateWhenDisablingAUserThenTokensRevoked() {
        User bob = UserFixtures.user("bob");
        given(users.lockEnabledAdmins()).willReturn(List.of(UserFixtures.admin("root")));
        given(users.findForUpdateById(bob.getId())).willReturn(Optional.of(bob));
        given(quota.summaryOf(bob.getId())).willReturn(account(bob));

        service.update(bob.getId(), UpdateUserRequest.of(null, false, null));

        InOrder order = inOrder(users);
        order.verify(users).saveAndFlush(bob);
        order.verify(users).incrementTokenVersion(bob.getId());
        assertThat(bob.isEnabled()).isFalse();
    }

    @Test
    void updateWhenEnablingADisabledUserThenTokensNotRevivedNorRevoked() {
        User bob = UserFixtures.disabled(UserFixtures.user("bob"));
        given(users.findForUpdateById(bob.getId())).willReturn(Optional.of(bob));
        given(quota.summaryOf(bob.getId())).willReturn(account(bob));

        UserResponse response = service.update(bob.getId(), UpdateUserRequest.of(null, true, null));

        assertThat(response.enabled()).isTrue();
        then(users).should(never()).incrementTokenVersion(any());
    }

    @Test
    void updateWhenUserUnknownThenUserNotFound() {
        User ghost = UserFixtures.user("ghost");
        given(users.findForUpdateById(ghost.getId())).willReturn(Optional.empty());

        assertThatThrownBy(() -> service.update(ghost.getId(), UpdateUserRequest.of("ADMIN", null, null)))
            .isInstanceOfSatisfying(UserNotFoundException.class, ex -> assertThat(ex.code()).isEqualTo(ErrorCode.NOT_FOUND));
    }

    // --- passwords and tokens

    @Test
    void changePasswordWhenCurrentPasswordWrongThenInvalidCredentialsAndNothingChanges() {
        User alice = UserFixtures.user("alice");
        given(users.findForUpdateById(alice.getId())).willReturn(Optional.of(alice));
        given(passwordEncoder.matches("wrong", alice.getPasswordHash())).willReturn(false);

        assertThatThrownBy(() -> service.changePassword(alice.getId(), "wrong", "new password 123"))
            .isInstanceOfSatisfying(InvalidCredentialsException.class,
                    ex -> assertThat(ex.code()).isEqualTo(ErrorCode.INVALID_CREDENTIALS));
        then(users).should(never()).saveAndFlush(any());
        then(users).should(never()).incrementTokenVersion(any());
        then(passwordEncoder).should(never()).encode(any());
    }

    @Test
    void changePasswordWhenCurrentPasswordRightThenStoresNewHashAndRevokesTokens() {
        User alice = UserFixtures.user("alice");
        String oldHash = alice.getPasswordHash();
        given(users.findForUpdateById(alice.getId())).willReturn(Optional.of(alice));
        given(passwordEncoder.matches("old password", oldHash)).willReturn(true);
        given(passwordEncoder.encode("new password 123")).willReturn("{hash}new");

        service.changePassword(alice.getId(), "old password", "new password 123");

        assertThat(alice.getPasswordHash()).isEqualTo("{hash}new");
        InOrder order = inOrder(users);
        order.verify(users).saveAndFlush(alice);
        order.verify(users).incrementTokenVersion(alice.getId());
    }

    @Test
    void revokeTokensWhenCalledThenIncrementsTokenVersion() {
        User alice = UserFixtures.user("alice");

        service.revokeTokens(alice.getId());

        then(users).should().incrementTokenVersion(alice.getId());
    }

    @Test
    void findByUsernameWhenMixedCaseThenLooksUpLowerCase() {
        User alice = UserFixtures.user("alice");
        given(users.findByUsername("alice")).willReturn(Optional.of(alice));

        assertThat(service.findByUsername("AliCE")).contains(alice);
    }

    @Test
    void updateWhenLowBalanceHoursAbsentThenLeavesTheThresholdAlone() {
        User bob = UserFixtures.user("bob");
        given(users.findForUpdateById(bob.getId())).willReturn(Optional.of(bob));
        given(quota.summaryOf(bob.getId())).willReturn(account(bob));

        service.update(bob.getId(), UpdateUserRequest.of(null, null, null));

        then(quota).should(never()).setLowBalanceHours(any(), any());
    }

    @Test
    void updateWhenLowBalanceHoursNullThenBackToTheDefault() {
        User bob = UserFixtures.user("bob");
        given(users.findForUpdateById(bob.getId())).willReturn(Optional.of(bob));
        given(quota.summaryOf(bob.getId())).willReturn(account(bob));

        service.update(bob.getId(), UpdateUserRequest.of(null, null, Optional.empty()));

        then(quota).should().setLowBalanceHours(bob.getId(), null);
    }

    @Test
    void updateWhenLowBalanceHoursGivenThenSetAndShownInTheView() {
        User bob = UserFixtures.user("bob");
        given(users.findForUpdateById(bob.getId())).willReturn(Optional.of(bob));
        given(quota.summaryOf(bob.getId())).willReturn(new AccountSummary(bob.getId(), AccountType.USER, BigDecimal.TEN,
                new BigDecimal("2.50"), null));

        UserResponse response = service.update(bob.getId(),
                UpdateUserRequest.of(null, null, Optional.of(new BigDecimal("2.5"))));

        then(quota).should().setLowBalanceHours(bob.getId(), new BigDecimal("2.5"));
        assertThat(response.lowBalanceHours()).isEqualByComparingTo("2.50");
    }

    private static AccountSummary account(User user) {
        return new AccountSummary(user.getId(), AccountType.USER, BigDecimal.TEN, null, null);
    }
}
