package io.gaas.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.BDDMockito.given;
import static org.mockito.BDDMockito.then;
import static org.mockito.Mockito.inOrder;
import static org.mockito.Mockito.never;

import java.util.Locale;
import java.util.Optional;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.mockito.InOrder;
import org.mockito.Mock;
import org.mockito.junit.jupiter.MockitoExtension;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.security.crypto.password.PasswordEncoder;

import io.gaas.user.InvalidCredentialsException;
import io.gaas.user.User;
import io.gaas.user.UserFixtures;
import io.gaas.user.UserService;
import io.gaas.web.ErrorCode;
import io.gaas.web.ValidationException;

/** What a login does with the throttle's attempt for each outcome; the limits themselves are LoginThrottleTests'. */
@ExtendWith(MockitoExtension.class)
class LoginServiceTests {

    private static final String ADDRESS = "198.51.100.7";
    private static final String DUMMY_HASH = "{dummy}hash";

    @Mock
    UserService users;

    @Mock
    TokenService tokens;

    @Mock
    LoginThrottle throttle;

    @Mock
    PasswordEncoder passwordEncoder;

    LoginService service;

    @BeforeEach
    void setUp() {
        given(passwordEncoder.encode(anyString())).willReturn(DUMMY_HASH);
        service = new LoginService(users, tokens, throttle, passwordEncoder);
    }

    private LoginThrottle.Attempt attemptFor(String username) {
        LoginThrottle.Attempt attempt = new LoginThrottle.Attempt(UUID.randomUUID(), username, ADDRESS);
        given(throttle.begin(username, ADDRESS)).willReturn(attempt);
        return attempt;
    }

    @Test
    void loginWhenPasswordRightThenIssuesTokenAndTheAttemptSucceeds() {
        User alice = UserFixtures.user("alice");
        LoginThrottle.Attempt attempt = attemptFor("alice");
        given(users.findByUsername("alice")).willReturn(Optional.of(alice));
        given(users.passwordMatches(alice, "right password")).willReturn(true);
        given(tokens.issue(alice)).willReturn("jwt");
        given(tokens.ttlSeconds()).willReturn(3600L);

        LoginService.IssuedToken token = service.login("alice", "right password", ADDRESS);

        assertThat(token).isEqualTo(new LoginService.IssuedToken("jwt", 3600));
        InOrder order = inOrder(throttle, users);
        order.verify(throttle).begin("alice", ADDRESS);
        order.verify(users).passwordMatches(alice, "right password");
        order.verify(throttle).succeeded(attempt);
        then(throttle).should(never()).withdraw(any());
    }

    @Test
    void loginWhenPasswordRightThenItsHashIsUpgradedAfterTheCheck() {
        User alice = UserFixtures.user("alice");
        attemptFor("alice");
        given(users.findByUsername("alice")).willReturn(Optional.of(alice));
        given(users.passwordMatches(alice, "right password")).willReturn(true);

        service.login("alice", "right password", ADDRESS);

        InOrder order = inOrder(users);
        order.verify(users).passwordMatches(alice, "right password");
        order.verify(users).upgradePasswordHash(alice, "right password");
    }

    @Test
    void loginWhenPasswordWrongThenInvalidCredentialsAndTheAttemptStaysAFailure() {
        User alice = UserFixtures.user("alice");
        attemptFor("alice");
        given(users.findByUsername("alice")).willReturn(Optional.of(alice));
        given(users.passwordMatches(alice, "wrong")).willReturn(false);

        assertThatThrownBy(() -> service.login("alice", "wrong", ADDRESS))
            .isInstanceOfSatisfying(InvalidCredentialsException.class,
                    ex -> assertThat(ex.code()).isEqualTo(ErrorCode.INVALID_CREDENTIALS));

        then(throttle).should(never()).succeeded(any());
        then(throttle).should(never()).withdraw(any());
        then(users).should(never()).upgradePasswordHash(any(), any());
        then(tokens).shouldHaveNoInteractions();
    }

    @Test
    void loginWhenUserUnknownThenHashesAnywayAndTheAttemptStaysAFailure() {
        attemptFor("ghost");
        given(users.findByUsername("ghost")).willReturn(Optional.empty());

        assertThatThrownBy(() -> service.login("ghost", "pw", ADDRESS)).isInstanceOf(InvalidCredentialsException.class);

        then(passwordEncoder).should().matches("pw", DUMMY_HASH);
        then(throttle).should(never()).succeeded(any());
        then(throttle).should(never()).withdraw(any());
        then(tokens).shouldHaveNoInteractions();
    }

    @Test
    void loginWhenThrottledThenTooManyRequestsBeforeAnyPasswordCheck() {
        given(throttle.begin("alice", ADDRESS)).willThrow(new TooManyLoginAttemptsException(300, false));

        assertThatThrownBy(() -> service.login("alice", "right password", ADDRESS))
            .isInstanceOfSatisfying(TooManyLoginAttemptsException.class, ex -> {
                assertThat(ex.code()).isEqualTo(ErrorCode.TOO_MANY_REQUESTS);
                assertThat(ex.retryAfterSeconds()).isEqualTo(300);
            });

        then(users).shouldHaveNoInteractions();
        then(tokens).shouldHaveNoInteractions();
    }

    /** "İ" (U+0130) lower-cases to "i̇", two characters: 255 of them are 510 once lower-cased. */
    @Test
    void loginWhenNameGrowsPastTheLimitOnceLowerCasedThenValidationFailedAndNothingCounted() {
        assertThatThrownBy(() -> service.login("\u0130".repeat(255), "pw", ADDRESS))
            .isInstanceOfSatisfying(ValidationException.class, ex -> {
                assertThat(ex.code()).isEqualTo(ErrorCode.VALIDATION_FAILED);
                assertThat(ex.getMessage()).startsWith("username: ");
            });

        then(throttle).shouldHaveNoInteractions();
        then(users).shouldHaveNoInteractions();
    }

    @Test
    void loginWhenNameIsAtTheLimitOnceLowerCasedThenCountedUnderTheLowerCasedName() {
        String name = "\u0130".repeat(127) + "x"; // 255 characters once lower-cased
        attemptFor(name.toLowerCase(Locale.ROOT));
        given(users.findByUsername(any())).willReturn(Optional.empty());

        assertThatThrownBy(() -> service.login(name, "pw", ADDRESS)).isInstanceOf(InvalidCredentialsException.class);

        then(throttle).should().begin(name.toLowerCase(Locale.ROOT), ADDRESS);
    }

    @Test
    void loginWhenUsernameHasCapitalsThenThrottleAndLookupUseLowerCase() {
        attemptFor("alice");
        given(users.findByUsername("alice")).willReturn(Optional.empty());

        assertThatThrownBy(() -> service.login("ALiCe", "pw", ADDRESS)).isInstanceOf(InvalidCredentialsException.class);

        then(throttle).should().begin("alice", ADDRESS);
    }

    @Test
    void loginWhenAccountDisabledAndPasswordRightThenAccountDisabledAndTheAttemptIsWithdrawn() {
        User bob = UserFixtures.disabled(UserFixtures.user("bob"));
        LoginThrottle.Attempt attempt = attemptFor("bob");
        given(users.findByUsername("bob")).willReturn(Optional.of(bob));
        given(users.passwordMatches(bob, "right password")).willReturn(true);

        assertThatThrownBy(() -> service.login("bob", "right password", ADDRESS))
            .isInstanceOfSatisfying(AccountDisabledException.class,
                    ex -> assertThat(ex.code()).isEqualTo(ErrorCode.ACCOUNT_DISABLED));

        then(throttle).should().withdraw(attempt);
        then(throttle).should(never()).succeeded(any());
        then(tokens).shouldHaveNoInteractions();
    }

    @Test
    void loginWhenAccountDisabledAndPasswordWrongThenInvalidCredentialsAndTheAttemptStaysAFailure() {
        User bob = UserFixtures.disabled(UserFixtures.user("bob"));
        attemptFor("bob");
        given(users.findByUsername("bob")).willReturn(Optional.of(bob));
        given(users.passwordMatches(bob, "wrong")).willReturn(false);

        assertThatThrownBy(() -> service.login("bob", "wrong", ADDRESS)).isInstanceOf(InvalidCredentialsException.class);

        then(throttle).should(never()).withdraw(any());
        then(throttle).should(never()).succeeded(any());
    }

    @Test
    void loginWhenTheCheckItselfFailsThenTheAttemptIsWithdrawnAndTheErrorPassesOn() {
        LoginThrottle.Attempt attempt = attemptFor("alice");
        DataAccessResourceFailureException down = new DataAccessResourceFailureException("database down");
        given(users.findByUsername("alice")).willThrow(down);

        assertThatThrownBy(() -> service.login("alice", "pw", ADDRESS)).isSameAs(down);

        then(throttle).should().withdraw(attempt);
        then(throttle).should(never()).succeeded(any());
    }

    @Test
    void loginWhenTheWithdrawalFailsTooThenTheFirstErrorIsReportedWithTheSecondSuppressed() {
        LoginThrottle.Attempt attempt = attemptFor("alice");
        DataAccessResourceFailureException down = new DataAccessResourceFailureException("database down");
        DataAccessResourceFailureException stillDown = new DataAccessResourceFailureException("still down");
        given(users.findByUsername("alice")).willThrow(down);
        org.mockito.BDDMockito.willThrow(stillDown).given(throttle).withdraw(attempt);

        assertThatThrownBy(() -> service.login("alice", "pw", ADDRESS)).isSameAs(down)
            .satisfies(ex -> assertThat(ex.getSuppressed()).containsExactly(stillDown));
    }
}
