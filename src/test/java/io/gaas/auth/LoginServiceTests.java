package io.gaas.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.BDDMockito.given;
import static org.mockito.BDDMockito.then;
import static org.mockito.Mockito.inOrder;
import static org.mockito.Mockito.never;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.mockito.InOrder;
import org.mockito.Mock;
import org.mockito.junit.jupiter.MockitoExtension;
import org.springframework.security.crypto.password.PasswordEncoder;

import io.gaas.user.InvalidCredentialsException;
import io.gaas.user.User;
import io.gaas.user.UserFixtures;
import io.gaas.user.UserService;
import io.gaas.web.ErrorCode;
import io.gaas.web.ValidationException;

@ExtendWith(MockitoExtension.class)
class LoginServiceTests {

    private static final Instant NOW = Instant.parse("2026-11-27T10:15:30Z");
    private static final Duration WINDOW = Duration.ofMinutes(15);
    private static final String DUMMY_HASH = "{dummy}hash";

    @Mock
    UserService users;

    @Mock
    TokenService tokens;

    @Mock
    LoginThrottleRepository throttle;

    @Mock
    PasswordEncoder passwordEncoder;

    LoginService service;

    @BeforeEach
    void setUp() {
        given(passwordEncoder.encode(anyString())).willReturn(DUMMY_HASH);
        Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
        service = new LoginService(users, tokens, new LoginThrottle(throttle, new LoginThrottleProperties(5, WINDOW),
                clock), passwordEncoder, clock);
    }

    @Test
    void loginWhenPasswordRightThenIssuesTokenAndClearsFailures() {
        User alice = UserFixtures.user("alice");
        given(throttle.failuresSince("alice", NOW.minus(WINDOW))).willReturn(failures(2));
        given(users.findByUsername("alice")).willReturn(Optional.of(alice));
        given(users.passwordMatches(alice, "right password")).willReturn(true);
        given(tokens.issue(alice)).willReturn("jwt");
        given(tokens.ttlSeconds()).willReturn(3600L);

        LoginService.IssuedToken token = service.login("alice", "right password");

        assertThat(token).isEqualTo(new LoginService.IssuedToken("jwt", 3600));
        InOrder order = inOrder(throttle);
        order.verify(throttle).lock("alice");
        order.verify(throttle).failuresSince("alice", NOW.minus(WINDOW));
        order.verify(throttle).clearFailures("alice");
        then(throttle).should(never()).recordFailure(any(), any());
    }

    @Test
    void loginWhenPasswordRightThenItsHashIsUpgradedAfterTheCheck() {
        User alice = UserFixtures.user("alice");
        given(throttle.failuresSince("alice", NOW.minus(WINDOW))).willReturn(List.of());
        given(users.findByUsername("alice")).willReturn(Optional.of(alice));
        given(users.passwordMatches(alice, "right password")).willReturn(true);

        service.login("alice", "right password");

        InOrder order = inOrder(users);
        order.verify(users).passwordMatches(alice, "right password");
        order.verify(users).upgradePasswordHash(alice, "right password");
    }

    @Test
    void loginWhenPasswordWrongThenHashNotTouched() {
        User alice = UserFixtures.user("alice");
        given(throttle.failuresSince("alice", NOW.minus(WINDOW))).willReturn(List.of());
        given(users.findByUsername("alice")).willReturn(Optional.of(alice));

        assertThatThrownBy(() -> service.login("alice", "wrong")).isInstanceOf(InvalidCredentialsException.class);

        then(users).should(never()).upgradePasswordHash(any(), any());
    }

    /** "İ" (U+0130) lower-cases to "i̇", two characters: 255 of them are 510 once lower-cased. */
    @Test
    void loginWhenNameGrowsPastTheLimitOnceLowerCasedThenValidationFailedAndNothingRecorded() {
        assertThatThrownBy(() -> service.login("\u0130".repeat(255), "pw"))
            .isInstanceOfSatisfying(ValidationException.class, ex -> {
                assertThat(ex.code()).isEqualTo(ErrorCode.VALIDATION_FAILED);
                assertThat(ex.getMessage()).startsWith("username: ");
            });

        then(throttle).shouldHaveNoInteractions();
        then(users).shouldHaveNoInteractions();
    }

    @Test
    void loginWhenNameIsAtTheLimitOnceLowerCasedThenCheckedAsUsual() {
        String name = "\u0130".repeat(127) + "x"; // 255 characters once lower-cased
        given(throttle.failuresSince(any(), any())).willReturn(List.of());
        given(users.findByUsername(any())).willReturn(Optional.empty());

        assertThatThrownBy(() -> service.login(name, "pw")).isInstanceOf(InvalidCredentialsException.class);

        then(throttle).should().recordFailure(name.toLowerCase(java.util.Locale.ROOT), NOW);
    }

    @Test
    void loginWhenUsernameHasCapitalsThenThrottleAndLookupUseLowerCase() {
        given(throttle.failuresSince("alice", NOW.minus(WINDOW))).willReturn(List.of());
        given(users.findByUsername("alice")).willReturn(Optional.empty());

        assertThatThrownBy(() -> service.login("ALiCe", "pw")).isInstanceOf(InvalidCredentialsException.class);

        then(throttle).should().lock("alice");
        then(throttle).should().recordFailure("alice", NOW);
    }

    @Test
    void loginWhenUserUnknownThenRecordsFailureAndThrowsInvalidCredentialsAfterHashing() {
        given(throttle.failuresSince("ghost", NOW.minus(WINDOW))).willReturn(List.of());
        given(users.findByUsername("ghost")).willReturn(Optional.empty());

        assertThatThrownBy(() -> service.login("ghost", "pw"))
            .isInstanceOfSatisfying(InvalidCredentialsException.class,
                    ex -> assertThat(ex.code()).isEqualTo(ErrorCode.INVALID_CREDENTIALS));

        then(passwordEncoder).should().matches("pw", DUMMY_HASH);
        then(throttle).should().recordFailure("ghost", NOW);
        then(throttle).should(never()).clearFailures(any());
        then(tokens).shouldHaveNoInteractions();
    }

    @Test
    void loginWhenPasswordWrongThenRecordsFailureAndThrowsInvalidCredentials() {
        User alice = UserFixtures.user("alice");
        given(throttle.failuresSince("alice", NOW.minus(WINDOW))).willReturn(failures(4));
        given(users.findByUsername("alice")).willReturn(Optional.of(alice));
        given(users.passwordMatches(alice, "wrong")).willReturn(false);

        assertThatThrownBy(() -> service.login("alice", "wrong")).isInstanceOf(InvalidCredentialsException.class);

        then(throttle).should().recordFailure("alice", NOW);
        then(tokens).shouldHaveNoInteractions();
    }

    @Test
    void loginWhenFiveFailuresInWindowThenTooManyAttemptsUntilOldestLeavesEvenWithRightPassword() {
        // oldest failure 10 minutes ago: it leaves the 15-minute window in 5 minutes
        given(throttle.failuresSince("alice", NOW.minus(WINDOW))).willReturn(List.of(NOW.minusSeconds(600),
                NOW.minusSeconds(500), NOW.minusSeconds(400), NOW.minusSeconds(300), NOW.minusSeconds(200)));

        assertThatThrownBy(() -> service.login("alice", "right password"))
            .isInstanceOfSatisfying(TooManyLoginAttemptsException.class, ex -> {
                assertThat(ex.code()).isEqualTo(ErrorCode.TOO_MANY_REQUESTS);
                assertThat(ex.retryAfterSeconds()).isEqualTo(300);
            });

        then(users).shouldHaveNoInteractions();
        then(throttle).should(never()).recordFailure(any(), any());
        then(throttle).should(never()).clearFailures(any());
        then(tokens).shouldHaveNoInteractions();
    }

    @Test
    void loginWhenSixFailuresInWindowThenWaitsUntilTheSecondOldestLeaves() {
        given(throttle.failuresSince("alice", NOW.minus(WINDOW))).willReturn(List.of(NOW.minusSeconds(800),
                NOW.minusSeconds(700), NOW.minusSeconds(500), NOW.minusSeconds(400), NOW.minusSeconds(300),
                NOW.minusSeconds(200)));

        assertThatThrownBy(() -> service.login("alice", "pw"))
            .isInstanceOfSatisfying(TooManyLoginAttemptsException.class,
                    ex -> assertThat(ex.retryAfterSeconds()).isEqualTo(200));
    }

    @Test
    void loginWhenOldestFailureLeavesInAFractionOfASecondThenRetryAfterRoundsUp() {
        given(throttle.failuresSince("alice", NOW.minus(WINDOW)))
            .willReturn(failuresStartingAt(NOW.minus(WINDOW).plusMillis(300_500)));

        assertThatThrownBy(() -> service.login("alice", "pw"))
            .isInstanceOfSatisfying(TooManyLoginAttemptsException.class,
                    ex -> assertThat(ex.retryAfterSeconds()).isEqualTo(301));
    }

    @Test
    void loginWhenOldestFailureAboutToLeaveThenRetryAfterIsAtLeastOneSecond() {
        given(throttle.failuresSince("alice", NOW.minus(WINDOW)))
            .willReturn(failuresStartingAt(NOW.minus(WINDOW).plusMillis(1)));

        assertThatThrownBy(() -> service.login("alice", "pw"))
            .isInstanceOfSatisfying(TooManyLoginAttemptsException.class,
                    ex -> assertThat(ex.retryAfterSeconds()).isEqualTo(1));
    }

    @Test
    void loginWhenAccountDisabledAndPasswordRightThenAccountDisabledWithoutToken() {
        User bob = UserFixtures.disabled(UserFixtures.user("bob"));
        given(throttle.failuresSince("bob", NOW.minus(WINDOW))).willReturn(List.of());
        given(users.findByUsername("bob")).willReturn(Optional.of(bob));
        given(users.passwordMatches(bob, "right password")).willReturn(true);

        assertThatThrownBy(() -> service.login("bob", "right password"))
            .isInstanceOfSatisfying(AccountDisabledException.class,
                    ex -> assertThat(ex.code()).isEqualTo(ErrorCode.ACCOUNT_DISABLED));

        then(tokens).shouldHaveNoInteractions();
        then(throttle).should(never()).recordFailure(any(), any());
    }

    @Test
    void loginWhenAccountDisabledAndPasswordWrongThenInvalidCredentials() {
        User bob = UserFixtures.disabled(UserFixtures.user("bob"));
        given(throttle.failuresSince("bob", NOW.minus(WINDOW))).willReturn(List.of());
        given(users.findByUsername("bob")).willReturn(Optional.of(bob));
        given(users.passwordMatches(bob, "wrong")).willReturn(false);

        assertThatThrownBy(() -> service.login("bob", "wrong")).isInstanceOf(InvalidCredentialsException.class);
        then(throttle).should().recordFailure("bob", NOW);
    }

    private static List<Instant> failures(int count) {
        return failuresStartingAt(NOW.minusSeconds(600)).subList(0, count);
    }

    private static List<Instant> failuresStartingAt(Instant oldest) {
        return IntStream.range(0, 5).mapToObj(i -> oldest.plusSeconds(i)).toList();
    }
}
